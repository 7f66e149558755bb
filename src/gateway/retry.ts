import type { CafeError } from '../errors/index.js';
import type { Operation } from './classify-error.js';

/** However long a Retry-After asks for, we wait at most this long before trying again. */
export const MAX_RETRY_AFTER_MS = 60_000;

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

function requestNeverSent(error: CafeError): boolean {
  return error.requestSent === false;
}

/**
 * Whether trying again is safe and useful. The gateway takes no idempotency key, so a send may be
 * repeated only when we know the first attempt was not processed:
 * - rate_limited: the gateway refused it (429, or the "Too Many Attempts." envelope);
 * - a connection that never carried the request (refused, DNS, connect timeout);
 * - 502/503: a proxy saying the upstream was unavailable.
 * A read changes nothing, so it also retries 500/504, timeouts and any broken connection.
 */
export function isRetryable(error: CafeError, operation: Operation): boolean {
  switch (error.code) {
    case 'rate_limited':
      return true;
    case 'network':
      return operation === 'read' || requestNeverSent(error);
    case 'timeout':
      return operation === 'read';
    case 'server':
      if (error.httpStatus === 502 || error.httpStatus === 503) return true;
      return operation === 'read' && (error.httpStatus === 500 || error.httpStatus === 504);
    default:
      return false;
  }
}

/** `attempt` counts from 1 and is the attempt that just failed. */
export function shouldRetry(error: CafeError, operation: Operation, attempt: number, maxAttempts: number): boolean {
  return attempt < maxAttempts && isRetryable(error, operation);
}

/**
 * How long to wait before the next attempt: what Retry-After asked for (capped), else exponential
 * backoff from the base delay with full jitter, capped at the maximum.
 */
export function retryDelayMs(error: CafeError, attempt: number, policy: BackoffPolicy, random: () => number): number {
  if (error.retryAfterMs !== undefined) return Math.min(Math.max(0, error.retryAfterMs), MAX_RETRY_AFTER_MS);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Retry-After is either whole seconds or an HTTP-date; anything else is ignored. */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Date.parse reads "-5" as a year; an HTTP-date always names its weekday and month.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * After a send's last attempt failed: was the message perhaps sent anyway? True where the request
 * went out and the answer was lost or unreadable (timeout, a connection cut mid-call, a 500/504,
 * a body that is not the envelope). Definite refusals, 502/503 and failed connects are not.
 */
export function isSendOutcomeUnknown(error: CafeError): boolean {
  switch (error.code) {
    case 'timeout':
    case 'bad_response':
      return true;
    case 'network':
      return !requestNeverSent(error);
    case 'server':
      return error.httpStatus !== 502 && error.httpStatus !== 503;
    default:
      return false;
  }
}
