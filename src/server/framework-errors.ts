import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../log/index.js';
import { toApiError, type ApiErrorBody } from './errors.js';
import { SECURITY_HEADERS } from './security-headers.js';

/**
 * Answers that never reach a route: the request did not arrive in time, was not HTTP, or had a
 * URL the router cannot read. Fastify's own versions of these carry neither the security headers
 * nor our error body; these carry both.
 */

export const REQUEST_TIMED_OUT: Readonly<ApiErrorBody> = Object.freeze({
  statusCode: 408,
  code: 'timeout',
  message: 'The request took too long to arrive, so the server stopped waiting for it: check the network and try again',
});

const HEADERS_TOO_LARGE: Readonly<ApiErrorBody> = Object.freeze({
  statusCode: 431,
  code: 'invalid_input',
  message: "The request headers are too large: clear this site's cookies in the browser and try again",
});

const NOT_HTTP: Readonly<ApiErrorBody> = Object.freeze({
  statusCode: 400,
  code: 'invalid_input',
  message: 'The request is not valid HTTP',
});

/** What Node's socket-level errors answer, by their code. */
function clientErrorBody(code: unknown): Readonly<ApiErrorBody> {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return REQUEST_TIMED_OUT;
  if (code === 'HPE_HEADER_OVERFLOW') return HEADERS_TOO_LARGE;
  return NOT_HTTP;
}

/**
 * The response in flight on a socket, if any. `_httpMessage` is Node's own link from a socket to
 * it; Node reads it too before it answers a client error itself.
 */
export function responseInFlight(socket: Socket): ServerResponse | undefined {
  return (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage ?? undefined;
}

/** Whether an answer has already begun on this socket (its status line is out), so another would corrupt it. */
function answerBegun(socket: Socket): boolean {
  return responseInFlight(socket)?.headersSent === true;
}

function rawAnswer(body: Readonly<ApiErrorBody>): string {
  const json = JSON.stringify(body);
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'cache-control': 'no-store',
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(json)),
    connection: 'close',
  };
  const lines = [`HTTP/1.1 ${body.statusCode} ${STATUS_CODES[body.statusCode] ?? 'Error'}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n${json}`;
}

/** Writes a whole answer straight to the socket, unless one has begun there, and closes it. */
export function answerOnSocketAndClose(socket: Socket, body: Readonly<ApiErrorBody>): void {
  if (socket.writable && !answerBegun(socket)) socket.write(rawAnswer(body));
  socket.destroy();
}

/** Fastify's clientErrorHandler: Node's timeouts and unparseable requests. */
export function clientErrorHandler(logger: Logger): (error: Error & { code?: string }, socket: Socket) => void {
  return (error, socket) => {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    logger.debug({ code: error.code, address: socket.remoteAddress }, 'client error');
    answerOnSocketAndClose(socket, clientErrorBody(error.code));
  };
}

const UNMET_EXPECTATION: Readonly<ApiErrorBody> = Object.freeze({
  statusCode: 417,
  code: 'invalid_input',
  message: 'The Expect header can only be "100-continue": leave it out and send the request again',
});

/** Node's 'checkExpectation' event: an Expect header other than 100-continue, which Node would refuse bare. */
export function answerUnmetExpectation(_request: IncomingMessage, response: ServerResponse): void {
  const json = JSON.stringify(UNMET_EXPECTATION);
  response.writeHead(UNMET_EXPECTATION.statusCode, {
    ...SECURITY_HEADERS,
    'cache-control': 'no-store',
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(json)),
  });
  response.end(json);
}

/** Messages for the router's own refusals, in place of fastify's (which echo the URL back). */
const FRAMEWORK_MESSAGES: Readonly<Record<string, string>> = Object.freeze({
  FST_ERR_BAD_URL: 'The address of this request is not valid (every % must be followed by two hex digits): check the link',
  FST_ERR_MAX_PARAM_LENGTH: 'The address of this request is too long: check the link',
});

/** Fastify's frameworkErrors: answered like any other error, through the reply and its onSend hooks. */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const answer = toApiError(error);
  const message = FRAMEWORK_MESSAGES[error.code] ?? answer.body.message;
  // These replies skip the onSend hooks, so what they add is set here (the rest came with the raw response).
  void reply
    .code(answer.body.statusCode)
    .headers(SECURITY_HEADERS)
    .header('cache-control', 'no-store')
    .send({ ...answer.body, message });
}
