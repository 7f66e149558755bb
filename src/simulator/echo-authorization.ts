import { isJsonEnvelope, type Answer, type Envelope } from './answers.js';

/**
 * What a leaky gateway appends to every text: the Authorization header as it came, the header and
 * the token in base64, and the token in upper and lower case. Every form a client must scrub.
 */
export function echoOf(authorization: string): string {
  const token = authorization.replace(/^Bearer /, '');
  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return [authorization, base64(authorization), base64(token), token.toUpperCase(), token.toLowerCase()].join(' ');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The record with the echo after every string field; numbers stay numbers. */
function echoedRecord(record: unknown, echo: string): unknown {
  if (!isObject(record)) return record;
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, typeof value === 'string' ? `${value} ${echo}` : value]));
}

/**
 * The records of an answer's data, echoed: one record (send, get), a list (bulk, several
 * recipients) or a paginator's page (list). The paginator's own links are left alone, so that a
 * client can still walk the pages.
 */
function echoedData(data: unknown, echo: string): unknown {
  if (Array.isArray(data)) return data.map((record) => echoedRecord(record, echo));
  if (isObject(data) && Array.isArray(data.data)) return { ...data, data: data.data.map((record) => echoedRecord(record, echo)) };
  if (isObject(data) && 'uid' in data) return echoedRecord(data, echo);
  return data;
}

/** The answer as a gateway that echoes the caller's Authorization header would give it. */
export function withEchoedAuthorization(answer: Answer, authorization: string | undefined): Answer {
  if (authorization === undefined || !isJsonEnvelope(answer)) return answer;
  const echo = echoOf(authorization);
  const { message, data } = answer.body;
  const body: Envelope = { ...answer.body, message: message === null ? null : `${message} ${echo}`, data: echoedData(data, echo) };
  return { ...answer, body };
}
