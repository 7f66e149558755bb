import type { Logger } from 'pino';
import type { Secret } from '../config/index.js';
import { attemptSignal } from './attempt-signal.js';
import { classifyGatewayFailure, type Operation } from './classify-error.js';
import { parseEnvelope, type Envelope } from './envelope.js';
import { parseRetryAfterMs } from './retry.js';
import type { TokenScrubber } from './token-scrubber.js';
import type { GatewayFetch } from './transport.js';

export interface RequestContext {
  token: Secret;
  /**
   * Takes the token out of every answer, in one place: the parsed envelope before anything reads
   * it, and the texts of failures. A proxy or a gateway may echo the request's Authorization
   * header back, in an error page or inside the records themselves.
   */
  scrubber: TokenScrubber;
  timeoutMs: number;
  fetch: GatewayFetch;
  logger: Logger;
  now: () => number;
}

export interface GatewayRequest {
  method: 'GET' | 'POST';
  url: URL;
  /** JSON-encoded as the body when present. */
  body?: unknown;
  operation: Operation;
}

/** An answer whose envelope says success (or, from newer installations, 202 "accepted"). */
export interface GatewayAnswer {
  httpStatus: number;
  envelope: Envelope;
}

interface RawAnswer {
  httpStatus: number;
  contentType: string | undefined;
  retryAfter: string | null;
  body: string;
}

function headersFor(token: Secret, hasBody: boolean): Record<string, string> {
  return {
    Authorization: `Bearer ${token.reveal()}`,
    Accept: 'application/json',
    ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
  };
}

async function fetchOnce(ctx: RequestContext, request: GatewayRequest, signal: AbortSignal): Promise<RawAnswer> {
  const hasBody = request.body !== undefined;
  const response = await ctx.fetch(request.url, {
    method: request.method,
    headers: headersFor(ctx.token, hasBody),
    ...(hasBody ? { body: JSON.stringify(request.body) } : {}),
    signal,
  });
  const body = await response.text();
  return {
    httpStatus: response.status,
    contentType: response.headers.get('content-type') ?? undefined,
    retryAfter: response.headers.get('retry-after'),
    body,
  };
}

/**
 * One attempt of one call: sends it under its own deadline (combined with the caller's signal),
 * reads the envelope, and resolves only when the envelope says success. Every failure is thrown
 * as a classified CafeError, except the caller's abort, whose reason is rethrown as it is.
 */
export async function attemptRequest(
  ctx: RequestContext,
  request: GatewayRequest,
  attempt: number,
  callerSignal: AbortSignal | undefined,
): Promise<GatewayAnswer> {
  const attemptAbort = attemptSignal(ctx.timeoutMs, callerSignal);
  const started = performance.now();
  const logLine = (status: number | undefined, code?: string) =>
    ctx.logger.debug(
      {
        method: request.method,
        path: `${request.url.pathname}${request.url.search}`,
        status,
        attempt,
        ms: Math.round(performance.now() - started),
        ...(code === undefined ? {} : { code }),
      },
      'gateway call',
    );

  let raw: RawAnswer;
  try {
    raw = await fetchOnce(ctx, request, attemptAbort.signal);
  } catch (error) {
    if (callerSignal?.aborted) throw callerSignal.reason;
    const failure = classifyGatewayFailure({
      kind: 'thrown',
      operation: request.operation,
      error,
      timedOut: attemptAbort.timedOut(),
      timeoutMs: ctx.timeoutMs,
      host: request.url.host,
    });
    logLine(undefined, failure.code);
    throw failure;
  } finally {
    attemptAbort.dispose();
  }

  const retryAfterMs = parseRetryAfterMs(raw.retryAfter, ctx.now());
  const parsed = parseEnvelope(raw.body);
  if (parsed.kind === 'not_envelope') {
    const failure = classifyGatewayFailure({
      kind: 'not_envelope',
      operation: request.operation,
      httpStatus: raw.httpStatus,
      contentType: raw.contentType,
      body: ctx.scrubber.text(raw.body),
      retryAfterMs,
    });
    logLine(raw.httpStatus, failure.code);
    throw failure;
  }
  const envelope = ctx.scrubber.envelope(parsed.envelope);
  if (envelope.status === 'error') {
    const failure = classifyGatewayFailure({
      kind: 'envelope',
      operation: request.operation,
      httpStatus: raw.httpStatus,
      message: envelope.message === undefined ? undefined : ctx.scrubber.text(envelope.message),
      retryAfterMs,
    });
    logLine(raw.httpStatus, failure.code);
    throw failure;
  }
  logLine(raw.httpStatus);
  return { httpStatus: raw.httpStatus, envelope };
}
