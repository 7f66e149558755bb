import { describe, expect, it } from 'vitest';
import { classifyGatewayFailure, type Operation } from './classify-error.js';

function envelope(httpStatus: number | undefined, message: string | undefined, operation: Operation = 'send') {
  return classifyGatewayFailure({ kind: 'envelope', operation, httpStatus, message });
}

function fetchFailed(cause: Record<string, unknown>): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(typeof cause.message === 'string' ? cause.message : 'x'), cause) });
}

function thrown(error: unknown, operation: Operation = 'send', timedOut = false) {
  return classifyGatewayFailure({ kind: 'thrown', operation, error, timedOut, timeoutMs: 50, host: '127.0.0.1:9' });
}

describe('classifyGatewayFailure: envelopes', () => {
  it.each([
    [200, 'Unauthenticated.', 'auth'],
    [401, 'Something else', 'auth'],
    [403, 'Originator Cafe de Revenue is not authorized', 'refused'],
    [200, 'Sender ID is not allowed', 'refused'],
    [200, 'The sender id field is required.', 'validation'],
    [403, 'There is not enough balance available', 'insufficient_balance'],
    [403, 'You do not have sufficient sms unit to send message', 'insufficient_balance'],
    [200, 'You do not have sufficient SMS units to send message', 'insufficient_balance'],
    [403, 'Insufficient balance', 'insufficient_balance'],
    [200, 'Too Many Attempts.', 'rate_limited'],
    [429, 'Slow down', 'rate_limited'],
    [403, 'You have exceeded your sending limit.', 'refused'],
    [403, 'Number contains in the blacklist', 'refused'],
    [403, 'Something the platform did not like', 'refused'],
    [200, 'No query results for model [App\\Models\\Reports] 606812e63f78b', 'not_found'],
    [200, 'SMS Info not found', 'not_found'],
    [200, 'The recipient field is required.', 'validation'],
    [403, '92300 is a invalid phone number', 'validation'],
    [200, 'The message must be a string.', 'validation'],
    [200, 'The message may not be greater than 1000 characters.', 'validation'],
    [500, 'Server Error', 'server'],
    [503, undefined, 'server'],
    [200, 'Something odd', 'refused'],
    [200, undefined, 'refused'],
  ] as const)('HTTP %s "%s" → %s', (httpStatus, message, code) => {
    const error = envelope(httpStatus, message);
    expect(error.code).toBe(code);
    expect(error.httpStatus).toBe(httpStatus);
    expect(error.gatewayMessage).toBe(message);
  });

  it('calls an unreadable failure of a read a server error, of a send a refusal', () => {
    expect(envelope(200, 'Something odd', 'read').code).toBe('server');
    expect(envelope(200, 'Something odd', 'send').code).toBe('refused');
  });

  it('writes messages for people, quoting the gateway', () => {
    expect(envelope(403, 'Number contains in the blacklist').message).toBe(
      'The gateway refused the request: Number contains in the blacklist (HTTP 403)',
    );
    expect(envelope(200, 'Unauthenticated.').message).toMatch(/API token.*SMSAPP_API_TOKEN/);
  });

  it('keeps Retry-After only on rate limits', () => {
    const limited = classifyGatewayFailure({
      kind: 'envelope',
      operation: 'send',
      httpStatus: 429,
      message: undefined,
      retryAfterMs: 2000,
    });
    expect(limited.retryAfterMs).toBe(2000);
    expect(limited.message).toMatch(/wait 2 s/);
    const other = classifyGatewayFailure({ kind: 'envelope', operation: 'send', httpStatus: 503, message: undefined, retryAfterMs: 2000 });
    expect(other.retryAfterMs).toBeUndefined();
  });
});

describe('classifyGatewayFailure: a 404', () => {
  it('to a read is a record the gateway does not have', () => {
    expect(envelope(404, 'Not found.', 'read').code).toBe('not_found');
  });

  it('to a send is the wrong address (SMSAPP_API_URL without /api/v3/): configuration, not a refused message', () => {
    const asEnvelope = envelope(404, 'Not found.', 'send');
    const asPage = classifyGatewayFailure({
      kind: 'not_envelope',
      operation: 'send',
      httpStatus: 404,
      contentType: 'text/html',
      body: '<h1>Not Found</h1>',
    });
    for (const error of [asEnvelope, asPage]) {
      expect(error).toMatchObject({ code: 'config', httpStatus: 404, input: 'SMSAPP_API_URL' });
      expect(error.message).toMatch(/check SMSAPP_API_URL, which should end in \/api\/v3\//);
    }
  });
});

describe('classifyGatewayFailure: answers that are not the envelope', () => {
  const html = '<html><body><h1>Bad gateway</h1></body></html>';
  it.each([
    [200, 'bad_response'],
    [400, 'bad_response'],
    [401, 'auth'],
    [403, 'refused'],
    [404, 'not_found'],
    [429, 'rate_limited'],
    [500, 'server'],
    [502, 'server'],
    [504, 'server'],
  ] as const)('HTTP %s with HTML → %s', (httpStatus, code) => {
    const error = classifyGatewayFailure({ kind: 'not_envelope', operation: 'read', httpStatus, contentType: 'text/html', body: html });
    expect(error.code).toBe(code);
    expect(error.httpStatus).toBe(httpStatus);
    expect(error.details?.body).toBe(html);
  });

  it('truncates a long body and names the content type', () => {
    const body = 'x'.repeat(5000);
    const error = classifyGatewayFailure({ kind: 'not_envelope', operation: 'send', httpStatus: 200, contentType: 'text/plain', body });
    expect(String(error.details?.body).length).toBeLessThan(600);
    expect(error.message).toContain('text/plain');
    expect(error.message.length).toBeLessThan(300);
  });
});

describe('classifyGatewayFailure: thrown', () => {
  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT'])('%s never carried the request', (code) => {
    const error = thrown(fetchFailed({ code }));
    expect(error.code).toBe('network');
    expect(error).toMatchObject({ requestSent: false, details: { networkCode: code } });
    expect(error.message).toMatch(/Could not connect to the gateway at 127\.0\.0\.1:9/);
  });

  it('finds the code inside an AggregateError (several addresses tried)', () => {
    const aggregate = new AggregateError([Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })], 'all failed');
    const error = thrown(new TypeError('fetch failed', { cause: aggregate }));
    expect(error).toMatchObject({ requestSent: false, details: { networkCode: 'ECONNREFUSED' } });
  });

  it('treats ECONNRESET as unsent only while connecting', () => {
    expect(thrown(fetchFailed({ code: 'ECONNRESET', syscall: 'connect' })).requestSent).toBe(false);
    expect(thrown(fetchFailed({ code: 'ECONNRESET', syscall: 'read' })).requestSent).toBe(true);
  });

  it.each(['UND_ERR_SOCKET', 'EPIPE'])('%s after connecting may have carried the request', (code) => {
    const error = thrown(fetchFailed({ code, message: 'other side closed' }));
    expect(error.code).toBe('network');
    expect(error.requestSent).toBe(true);
  });

  it('a failure without any code may have carried the request', () => {
    expect(thrown(new TypeError('fetch failed')).requestSent).toBe(true);
  });

  it('our deadline and undici header/body deadlines are timeouts', () => {
    expect(thrown(new DOMException('timed out', 'TimeoutError'), 'send', true).code).toBe('timeout');
    expect(thrown(fetchFailed({ code: 'UND_ERR_HEADERS_TIMEOUT' })).code).toBe('timeout');
    expect(thrown(new DOMException('timed out', 'TimeoutError'), 'send', true).message).toBe(
      'The gateway at 127.0.0.1:9 did not answer within 50 ms',
    );
  });
});
