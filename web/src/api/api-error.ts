/** A failed API call, carrying the server's `{statusCode, code, message, field}` answer. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number;
  /** The CafeError code the server answered with (`invalid_input`, `conflict`, …) or `network`. */
  readonly code: string;
  /** The one input to blame, when the server named it. */
  readonly field: string | undefined;

  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

interface ErrorBody {
  code?: unknown;
  message?: unknown;
  field?: unknown;
}

/** Builds an ApiError from a non-2xx answer, whatever its body turned out to be. */
export function apiErrorFromResponse(status: number, body: unknown): ApiError {
  const fields: ErrorBody = typeof body === 'object' && body !== null ? body : {};
  const code = typeof fields.code === 'string' ? fields.code : fallbackCode(status);
  const message =
    typeof fields.message === 'string' && fields.message.trim() !== ''
      ? fields.message
      : `The server answered ${status} without an explanation. Try again, and tell the administrator if it persists.`;
  const field = typeof fields.field === 'string' ? fields.field : undefined;
  return new ApiError(status, code, message, field);
}

function fallbackCode(status: number): string {
  if (status === 400) return 'invalid_input';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  return 'internal';
}

export function networkError(cause: unknown): ApiError {
  const error = new ApiError(0, 'network', 'Cannot reach the server. Check the connection and try again.');
  (error as { cause?: unknown }).cause = cause;
  return error;
}

/** The message to show for anything a call may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong. Try again.';
}

/**
 * The field-specific message for `field`, when the error blames exactly that input; shown next to
 * the input. The API names the field in `field` and keeps it out of the message (src/server/errors.ts).
 */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError) || error.field !== field) return undefined;
  return error.message;
}

/** The error left once `field` is edited: an error that blamed that field is gone, any other stays. */
export function withoutFieldError(error: unknown, field: string): unknown {
  return error instanceof ApiError && error.field === field ? undefined : error;
}
