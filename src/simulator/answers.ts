/**
 * What the simulator answers, before it goes on the wire. Routes build these; the API pipeline
 * may replace or hold one back (faults, latency) before it is sent.
 */
export interface Answer {
  httpStatus: number;
  contentType: string;
  /** A JSON value for JSON answers, the text itself otherwise. */
  body: unknown;
  headers?: Record<string, string>;
}

export interface Envelope {
  status: 'success' | 'error';
  message: string | null;
  data: unknown;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';

export function success(data: unknown, message: string | null = null): Answer {
  const body: Envelope = { status: 'success', message, data };
  return { httpStatus: 200, contentType: JSON_TYPE, body };
}

/** The platform answers most failures with HTTP 200 and status "error"; refusals with 403. */
export function failure(message: string, httpStatus = 200): Answer {
  const body: Envelope = { status: 'error', message, data: null };
  return { httpStatus, contentType: JSON_TYPE, body };
}

/** A JSON body that is not the gateway's envelope (Laravel's own 500, say). */
export function bareJson(httpStatus: number, body: unknown): Answer {
  return { httpStatus, contentType: JSON_TYPE, body };
}

export function htmlPage(httpStatus: number, title: string, text = title): Answer {
  const body =
    `<!DOCTYPE html>\n<html>\n<head><title>${title}</title></head>\n<body>\n` +
    `<center><h1>${text}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n`;
  return { httpStatus, contentType: HTML_TYPE, body };
}

export function plainText(httpStatus: number, text: string): Answer {
  return { httpStatus, contentType: 'text/plain; charset=utf-8', body: text };
}

export function isSuccessEnvelope(answer: Answer): answer is Answer & { body: Envelope } {
  const body = answer.body as Partial<Envelope> | null;
  return answer.contentType === JSON_TYPE && typeof body === 'object' && body !== null && body.status === 'success';
}

/** A JSON answer in the envelope, success or error. */
export function isJsonEnvelope(answer: Answer): answer is Answer & { body: Envelope } {
  const body = answer.body as Partial<Envelope> | null;
  return (
    answer.contentType === JSON_TYPE && typeof body === 'object' && body !== null && (body.status === 'success' || body.status === 'error')
  );
}

export function serialise(answer: Answer): string {
  return answer.contentType === JSON_TYPE ? JSON.stringify(answer.body) : String(answer.body);
}

export function unauthenticated(acceptsJson: boolean): Answer {
  if (acceptsJson) return failure('Unauthenticated.');
  return htmlPage(401, '401 Unauthorized', 'Unauthenticated.');
}

export const TOO_MANY_ATTEMPTS = 'Too Many Attempts.';

export function tooManyRequests(retryAfterSeconds: number): Answer {
  return { ...failure(TOO_MANY_ATTEMPTS, 429), headers: { 'retry-after': String(retryAfterSeconds) } };
}
