import { CafeError, isCafeError, type ErrorCode } from '../errors/index.js';
import { BodyTooLargeError } from './request-bodies.js';

/** What every failed API request answers. */
export interface ApiErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  /** The one input to blame, when there is one (a body field, a query parameter, a header). */
  field?: string;
  /**
   * What a request that failed partway had stored before it failed (an import cut off midway: which
   * lines, how many contacts). The client must know what to send again, so it comes with every
   * failure, a server error too; it holds counts and line numbers, nothing internal.
   */
  stored?: Record<string, unknown>;
}

/**
 * The HTTP status of each error code, in one table (fastify's lib/errors.js keeps a code and a
 * status per error the same way). Gateway codes only reach the API when a route calls the gateway
 * itself; the gateway is then the upstream that failed.
 */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = Object.freeze({
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  config: 500,
  internal: 500,
  auth: 502,
  validation: 502,
  insufficient_balance: 502,
  refused: 502,
  server: 502,
  network: 502,
  bad_response: 502,
  timeout: 504,
});

/** Fastify's own errors (body parsing and limits) in our terms: the status it chose and our code. */
const FASTIFY_ERRORS: Readonly<Record<string, { statusCode: number; code: ErrorCode; message?: string }>> = Object.freeze({
  FST_ERR_CTP_BODY_TOO_LARGE: { statusCode: 413, code: 'invalid_input', message: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    statusCode: 415,
    code: 'invalid_input',
    message: 'Unsupported Content-Type: send JSON (application/json), or text/csv to the import route',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { statusCode: 400, code: 'invalid_input', message: 'Content-Length does not match the body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { statusCode: 400, code: 'invalid_input', message: 'The request body is not valid JSON' },
});

export interface ApiError {
  body: ApiErrorBody;
  /** 5xx answers: the original error, for the log only. */
  internal: unknown;
  retryAfterSeconds: number | undefined;
}

const INTERNAL_MESSAGE = 'Something went wrong on the server. It has been logged; try again, and tell the admin if it keeps happening.';

/** `details.stored` of an error, see ApiErrorBody.stored. */
function storedOf(error: CafeError): Record<string, unknown> | undefined {
  const stored = error.details?.['stored'];
  return typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : undefined;
}

function fromCafeError(error: CafeError): ApiError {
  const statusCode = HTTP_STATUS_BY_CODE[error.code];
  const field = error.field;
  const stored = storedOf(error);
  const internal = statusCode >= 500;
  // Internals (paths, SQL, stack) stay in the log; the client learns only that it failed, and what was stored.
  const storedSummary = typeof stored?.['summary'] === 'string' ? ` ${stored['summary']}` : '';
  return {
    body: {
      statusCode,
      code: error.code,
      message: internal ? `${INTERNAL_MESSAGE}${storedSummary}` : error.message,
      ...(field === undefined || internal ? {} : { field }),
      ...(stored === undefined ? {} : { stored }),
    },
    internal: internal ? error : undefined,
    retryAfterSeconds: error.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(error.retryAfterMs / 1000)),
  };
}

/** Turns anything a route threw into the answer the client gets. */
export function toApiError(error: unknown): ApiError {
  if (isCafeError(error)) return fromCafeError(error);
  if (error instanceof BodyTooLargeError) {
    const body: ApiErrorBody = { statusCode: error.statusCode, code: 'invalid_input', message: error.message };
    return {
      body: error.stored === undefined ? body : { ...body, stored: { ...error.stored } },
      internal: undefined,
      retryAfterSeconds: undefined,
    };
  }
  const fastifyCode = (error as { code?: unknown } | null)?.code;
  const known = typeof fastifyCode === 'string' ? FASTIFY_ERRORS[fastifyCode] : undefined;
  if (known !== undefined) {
    const message = known.message ?? (error as Error).message;
    return { body: { statusCode: known.statusCode, code: known.code, message }, internal: undefined, retryAfterSeconds: undefined };
  }
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  // Other client errors fastify raised itself (e.g. a malformed URL): report them as bad input.
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const message = error instanceof Error ? error.message : 'Bad request';
    return { body: { statusCode, code: 'invalid_input', message }, internal: undefined, retryAfterSeconds: undefined };
  }
  return { body: { statusCode: 500, code: 'internal', message: INTERNAL_MESSAGE }, internal: error, retryAfterSeconds: undefined };
}

/** Shorthands for the errors routes raise most. */
export function notFound(what: string, input?: string): CafeError {
  return new CafeError('not_found', what, input === undefined ? {} : { input });
}

/** The field is a fact of its own (answered as `field`), not part of the message. */
export function invalidField(field: string, message: string, input?: string): CafeError {
  return new CafeError('invalid_input', message, { field, ...(input === undefined ? {} : { input }) });
}

/**
 * Runs `fn` and, when it refuses its input (invalid_input / conflict / not_found without a field),
 * names `field` as the culprit: e.g. normalizePhone does not know the phone came from body.phone.
 */
export async function blamingField<T>(field: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isCafeError(error) && error.code === 'invalid_input' && error.field === undefined) {
      throw new CafeError(error.code, error.message, { ...optionsOf(error), field });
    }
    throw error;
  }
}

function optionsOf(error: CafeError) {
  return {
    ...(error.input === undefined ? {} : { input: error.input }),
    details: error.details,
    cause: error,
  };
}
