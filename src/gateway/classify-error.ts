import { CafeError, type GatewayErrorCode } from '../errors/index.js';

/** Sends may have changed the world; reads never do. The retry rules differ between them. */
export type Operation = 'send' | 'read';

export type GatewayFailure =
  /** The gateway answered its envelope with status "error" (or a record said a send failed). */
  | {
      kind: 'envelope';
      operation: Operation;
      httpStatus: number | undefined;
      message: string | undefined;
      retryAfterMs?: number | undefined;
    }
  /** Something answered, but not with the envelope: a proxy's HTML page, plain text, other JSON. */
  | {
      kind: 'not_envelope';
      operation: Operation;
      httpStatus: number;
      contentType: string | undefined;
      body: string;
      retryAfterMs?: number | undefined;
    }
  /** The request threw: no answer at all. */
  | { kind: 'thrown'; operation: Operation; error: unknown; timedOut: boolean; timeoutMs: number; host: string };

const BODY_LIMIT = 500;

/** Connection failures where the request never left this machine, so nothing can have been processed. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'ENETUNREACH', 'EHOSTUNREACH']);
/** undici's own deadlines: the request went out and no (complete) answer came back. */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * Turns any gateway failure into one CafeError. This is the only place that decides an error's
 * code, so the rules below are the whole story:
 * - an envelope decides by its message first (the platform answers most errors with HTTP 200),
 *   then by the HTTP status;
 * - an answer that is not the envelope is a bad_response, unless its HTTP status already says
 *   what happened (a proxy's 401/403/404/429/5xx page);
 * - a thrown request is a timeout or a network error; `requestSent` says whether the
 *   request may have reached the gateway.
 */
export function classifyGatewayFailure(failure: GatewayFailure): CafeError {
  switch (failure.kind) {
    case 'envelope':
      return wrongAddress(failure) ?? fromEnvelope(failure);
    case 'not_envelope':
      return wrongAddress(failure) ?? fromNonEnvelope(failure);
    case 'thrown':
      return fromThrown(failure);
  }
}

type EnvelopeFailure = Extract<GatewayFailure, { kind: 'envelope' }>;

function codeFromMessage(message: string): GatewayErrorCode | undefined {
  if (/unauthenticated|invalid (api )?token|token (is )?invalid/i.test(message)) return 'auth';
  // "The sender id field is required." is a malformed request, not a refused originator.
  if (/originator|sender id/i.test(message) && !/required/i.test(message)) return 'refused';
  // "You do not have sufficient sms unit to send message" (Ultimate SMS), "There is not enough balance available…".
  if (/sufficient sms unit|not enough (balance|sms unit)|insufficient (balance|sms unit)|balance/i.test(message))
    return 'insufficient_balance';
  if (/too many attempts/i.test(message)) return 'rate_limited';
  if (/sending limit|blacklist/i.test(message)) return 'refused';
  if (/not found|no query results/i.test(message)) return 'not_found';
  if (/required|invalid|must|may not/i.test(message)) return 'validation';
  return undefined;
}

function codeFromStatus(httpStatus: number | undefined): GatewayErrorCode | undefined {
  if (httpStatus === undefined) return undefined;
  if (httpStatus === 401) return 'auth';
  if (httpStatus === 429) return 'rate_limited';
  if (httpStatus === 403) return 'refused';
  if (httpStatus === 404) return 'not_found';
  if (httpStatus >= 500) return 'server';
  return undefined;
}

/**
 * A send answered 404 reached no send endpoint at all: SMSAPP_API_URL is wrong (often missing its
 * /api/v3/). That is our configuration, not a message the gateway refused, so it holds sending
 * like a bad token does rather than failing every message.
 */
function wrongAddress(failure: Exclude<GatewayFailure, { kind: 'thrown' }>): CafeError | undefined {
  if (failure.operation !== 'send' || failure.httpStatus !== 404) return undefined;
  return new CafeError(
    'config',
    'The gateway has no send endpoint at this address (HTTP 404): check SMSAPP_API_URL, which should end in /api/v3/',
    { httpStatus: 404, input: 'SMSAPP_API_URL' },
  );
}

function fromEnvelope(failure: EnvelopeFailure): CafeError {
  const message = failure.message ?? '';
  // A 401 or 429 is said by the proxy in front, whatever text the body carries.
  const statusFirst = failure.httpStatus === 401 || failure.httpStatus === 429 ? codeFromStatus(failure.httpStatus) : undefined;
  const code =
    statusFirst ?? codeFromMessage(message) ?? codeFromStatus(failure.httpStatus) ?? (failure.operation === 'send' ? 'refused' : 'server');
  return new CafeError(code, describe(code, failure.message, failure.httpStatus, failure.retryAfterMs), {
    httpStatus: failure.httpStatus,
    gatewayMessage: failure.message,
    retryAfterMs: code === 'rate_limited' ? failure.retryAfterMs : undefined,
  });
}

function fromNonEnvelope(failure: Extract<GatewayFailure, { kind: 'not_envelope' }>): CafeError {
  const code = codeFromStatus(failure.httpStatus) ?? 'bad_response';
  const body = truncate(failure.body);
  const message =
    code === 'bad_response'
      ? `The gateway answered HTTP ${failure.httpStatus} with something that is not its JSON envelope` +
        ` (${failure.contentType ?? 'no content type'}): ${oneLine(body, 120)}`
      : describe(code, undefined, failure.httpStatus, failure.retryAfterMs);
  return new CafeError(code, message, {
    httpStatus: failure.httpStatus,
    details: { body, contentType: failure.contentType },
    retryAfterMs: code === 'rate_limited' ? failure.retryAfterMs : undefined,
  });
}

function fromThrown(failure: Extract<GatewayFailure, { kind: 'thrown' }>): CafeError {
  const networkCode = findErrorCode(failure.error);
  if (failure.timedOut || (networkCode !== undefined && TIMEOUT_CODES.has(networkCode))) {
    return new CafeError('timeout', `The gateway at ${failure.host} did not answer within ${failure.timeoutMs} ms`, {
      requestSent: true,
      ...(networkCode === undefined ? {} : { details: { networkCode } }),
      cause: failure.error,
    });
  }
  const requestSent = !wasRefusedBeforeSending(failure.error, networkCode);
  const reason = networkCode ?? (failure.error instanceof Error ? failure.error.message : String(failure.error));
  const message = requestSent
    ? `The connection to the gateway at ${failure.host} broke before an answer came (${reason})`
    : `Could not connect to the gateway at ${failure.host} (${reason}); check SMSAPP_API_URL and the network`;
  return new CafeError('network', message, {
    requestSent,
    ...(networkCode === undefined ? {} : { details: { networkCode } }),
    cause: failure.error,
  });
}

/**
 * ECONNRESET is ambiguous: only when the operating system reports it from `connect` do we know the
 * request was never written. Everywhere else it means the connection was cut after sending.
 */
function wasRefusedBeforeSending(error: unknown, networkCode: string | undefined): boolean {
  if (networkCode === undefined) return false;
  if (NOT_SENT_CODES.has(networkCode)) return true;
  return networkCode === 'ECONNRESET' && findProperty(error, 'syscall') === 'connect';
}

/**
 * The code of a network error wherever undici put it: on the error itself (its request API), or
 * under fetch's TypeError("fetch failed") → cause → (AggregateError → errors[0]).
 */
export function findErrorCode(error: unknown): string | undefined {
  const code = findProperty(error, 'code');
  return typeof code === 'string' ? code : undefined;
}

function findProperty(error: unknown, key: string): unknown {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth += 1) {
    const record = current as Record<string, unknown>;
    if (typeof record[key] === 'string') return record[key];
    const errors = record.errors;
    current = record.cause ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  return undefined;
}

function describe(
  code: GatewayErrorCode,
  gatewayMessage: string | undefined,
  httpStatus: number | undefined,
  retryAfterMs: number | undefined,
): string {
  const said = gatewayMessage === undefined ? '' : `: ${gatewayMessage}`;
  // The platform answers most errors with HTTP 200: that status says nothing to anyone reading this.
  const http = httpStatus === undefined || httpStatus === 200 ? '' : ` (HTTP ${httpStatus})`;
  switch (code) {
    case 'auth': {
      const answered = gatewayMessage?.trim() ? ` (it answered "${gatewayMessage.trim()}")` : '';
      return `The gateway did not accept the API token${answered}${http}: check SMSAPP_API_TOKEN in the environment or .env`;
    }
    case 'insufficient_balance':
      return `The gateway account has no SMS units left for this${said}; top up the account, then sending resumes`;
    case 'rate_limited': {
      const wait = retryAfterMs === undefined ? '' : `; it asks to wait ${Math.ceil(retryAfterMs / 1000)} s`;
      return `The gateway is throttling requests${said}${http}${wait}`;
    }
    case 'not_found':
      return `The gateway has no such record${said}${http}`;
    case 'validation':
      return `The gateway found the request invalid${said}`;
    case 'server':
      return `The gateway had a server error${http}${said}; try again later`;
    default:
      return `The gateway refused the request${said}${http}`;
  }
}

function truncate(body: string): string {
  return body.length <= BODY_LIMIT ? body : `${body.slice(0, BODY_LIMIT)}…`;
}

function oneLine(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return flat.length <= limit ? flat : `${flat.slice(0, limit)}…`;
}
