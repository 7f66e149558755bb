import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { GatewayFetch, TransportResponse } from './transport.js';

/**
 * How long connecting (TCP, and TLS for https) may take before the attempt fails as never sent:
 * undici's default, so that a gateway that cannot be reached reads the same whichever transport.
 */
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/**
 * The code undici gives a connect that timed out. classify-error.ts reads it as a request that
 * never left this machine, and the CLI shows it as the network code, as it did with undici.
 */
const CONNECT_TIMEOUT_CODE = 'UND_ERR_CONNECT_TIMEOUT';

/**
 * Node's own HTTP client (node:http and node:https, whose parser is native code), for processes
 * that make a call or two and exit: `cafe-sms send`, `get`, `list` and `balance`. There undici
 * (undiciTransport) costs more than the call itself: loading its hundred modules takes some 100 ms,
 * and its parser is WebAssembly that V8 goes on optimising in background threads, which Node waits
 * for before the process may exit, another 80-200 ms (bench/cli-startup.ts). The bulk sender, the
 * worker and the server keep undici: its keep-alive pools serve thousands of calls.
 *
 * It answers as undiciTransport does: no redirects followed, the body read as UTF-8 without a BOM,
 * failures thrown with the operating system's network codes (ECONNREFUSED, ENOTFOUND, ECONNRESET
 * with syscall "connect" …) that classify-error.ts reads, a connect that takes too long as undici's
 * connect timeout, and the signal (the attempt's deadline or the caller's abort) stopping the
 * request and the reading of its body alike.
 */
export const nodeHttpTransport: GatewayFetch = createNodeHttpTransport();

export interface NodeHttpTransportOptions {
  /** Default 10 000 ms, as undici's. */
  connectTimeoutMs?: number;
}

export function createNodeHttpTransport(options: NodeHttpTransportOptions = {}): GatewayFetch {
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  return async (url, init) => {
    const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.body !== undefined) headers['Content-Length'] = Buffer.byteLength(init.body);
    const requestOptions: RequestOptions = { method: init.method, headers, signal: init.signal };
    return new Promise<TransportResponse>((resolve, reject) => {
      const req = request(url, requestOptions, (res) => resolve(responseOf(res)));
      req.on('error', reject);
      limitConnectTime(req, url.protocol === 'https:', connectTimeoutMs);
      req.end(init.body);
    });
  };
}

/** Fails the request with undici's connect timeout unless its socket is connected (and secured) in time. */
function limitConnectTime(req: ClientRequest, secure: boolean, timeoutMs: number): void {
  req.once('socket', (socket: Socket) => {
    // A kept-alive socket handed out again is connected already.
    if (!socket.connecting) return;
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`connect timeout after ${timeoutMs} ms`), { code: CONNECT_TIMEOUT_CODE });
      req.destroy(error);
    }, timeoutMs);
    const connected = () => clearTimeout(timer);
    socket.once(secure ? 'secureConnect' : 'connect', connected);
    socket.once('close', connected);
  });
}

function responseOf(res: IncomingMessage): TransportResponse {
  return {
    status: res.statusCode ?? 0,
    headers: { get: (name) => headerValue(res.headers[name.toLowerCase()]) },
    text: () => readText(res),
  };
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The whole body as UTF-8 without a byte order mark (as undici's body.text()); rejects if the body is cut short. */
function readText(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.once('end', () => {
      const body = Buffer.concat(chunks);
      const start = body.length > 2 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
      resolve(body.toString('utf8', start));
    });
    res.once('error', reject);
    // Closed before its end without an error event (a destroyed request): the body was not all read.
    res.once('close', () => {
      if (!res.complete) reject(Object.assign(new Error('the connection closed before the whole answer came'), { code: 'ECONNRESET' }));
    });
  });
}
