/**
 * The one error class of cafe-sms. Every failure that crosses a module boundary is a CafeError
 * with a stable `code`, so callers (CLI exit codes, HTTP statuses, the outbox's retry rules) switch
 * on the code and never on message text.
 */

/** Codes a gateway call can fail with. */
export const GATEWAY_ERROR_CODES = [
  'auth',
  'validation',
  'insufficient_balance',
  'rate_limited',
  'refused',
  'not_found',
  'server',
  'network',
  'timeout',
  'bad_response',
] as const;
export type GatewayErrorCode = (typeof GATEWAY_ERROR_CODES)[number];

/** Codes of failures that are ours rather than the gateway's. */
export const APP_ERROR_CODES = ['invalid_input', 'config', 'conflict', 'unauthorized', 'forbidden', 'internal'] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export type ErrorCode = GatewayErrorCode | AppErrorCode;

export interface CafeErrorOptions {
  /** HTTP status the gateway answered with, when there was an answer. */
  httpStatus?: number;
  /** The gateway's own human-readable message, verbatim. */
  gatewayMessage?: string;
  /** The input that was refused (a phone number, a CSV field, a CLI argument). */
  input?: string;
  /**
   * The input field refused (a body field, a query parameter, a header): the API answers it as `field`
   * so the dashboard can show the message next to that input without parsing the message.
   */
  field?: string;
  /**
   * Whether the request may have reached the gateway (a failed call only). False is a promise that it
   * did not, and is what lets a send be tried again without risking a second SMS.
   */
  requestSent?: boolean;
  /** Free-form extra facts that no caller decides on by type, e.g. the raw body of a bad response. */
  details?: Record<string, unknown>;
  /** Milliseconds the caller should wait before trying again, when the gateway said so. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class CafeError extends Error {
  override readonly name = 'CafeError';
  readonly code: ErrorCode;
  readonly httpStatus: number | undefined;
  readonly gatewayMessage: string | undefined;
  readonly input: string | undefined;
  readonly field: string | undefined;
  readonly requestSent: boolean | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, options: CafeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.httpStatus = options.httpStatus;
    this.gatewayMessage = options.gatewayMessage;
    this.input = options.input;
    this.field = options.field;
    this.requestSent = options.requestSent;
    this.details = options.details;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** A plain object safe to print as JSON (no stack, no cause chain). */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      ...(this.httpStatus === undefined ? {} : { httpStatus: this.httpStatus }),
      ...(this.gatewayMessage === undefined ? {} : { gatewayMessage: this.gatewayMessage }),
      ...(this.input === undefined ? {} : { input: this.input }),
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.requestSent === undefined ? {} : { requestSent: this.requestSent }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export function isCafeError(value: unknown): value is CafeError {
  return value instanceof CafeError;
}

export function isGatewayErrorCode(code: string): code is GatewayErrorCode {
  return (GATEWAY_ERROR_CODES as readonly string[]).includes(code);
}

/** Wraps anything thrown into a CafeError, so nothing reaches a caller as a bare string. */
export function toCafeError(value: unknown): CafeError {
  if (value instanceof CafeError) return value;
  if (value instanceof Error) return new CafeError('internal', value.message, { cause: value });
  return new CafeError('internal', String(value));
}
