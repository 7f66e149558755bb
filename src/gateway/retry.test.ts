import { describe, expect, it } from 'vitest';
import { CafeError, type GatewayErrorCode } from '../errors/index.js';
import { isRetryable, isSendOutcomeUnknown, MAX_RETRY_AFTER_MS, parseRetryAfterMs, retryDelayMs, shouldRetry } from './retry.js';

function error(code: GatewayErrorCode, options: { httpStatus?: number; requestSent?: boolean; retryAfterMs?: number } = {}) {
  return new CafeError(code, code, {
    httpStatus: options.httpStatus,
    retryAfterMs: options.retryAfterMs,
    requestSent: options.requestSent,
  });
}

describe('isRetryable', () => {
  it.each([
    ['rate_limited', {}, true, true],
    ['network', { requestSent: false }, true, true],
    ['network', { requestSent: true }, false, true],
    ['timeout', {}, false, true],
    ['server', { httpStatus: 502 }, true, true],
    ['server', { httpStatus: 503 }, true, true],
    ['server', { httpStatus: 500 }, false, true],
    ['server', { httpStatus: 504 }, false, true],
    ['server', { httpStatus: 501 }, false, false],
    ['auth', {}, false, false],
    ['validation', {}, false, false],
    ['insufficient_balance', {}, false, false],
    ['refused', {}, false, false],
    ['not_found', {}, false, false],
    ['bad_response', {}, false, false],
  ] as const)('%s %j: send %s, read %s', (code, options, send, read) => {
    expect(isRetryable(error(code, options), 'send')).toBe(send);
    expect(isRetryable(error(code, options), 'read')).toBe(read);
  });
});

describe('shouldRetry', () => {
  it('stops at maxAttempts', () => {
    const limited = error('rate_limited');
    expect(shouldRetry(limited, 'send', 1, 3)).toBe(true);
    expect(shouldRetry(limited, 'send', 2, 3)).toBe(true);
    expect(shouldRetry(limited, 'send', 3, 3)).toBe(false);
    expect(shouldRetry(limited, 'send', 1, 1)).toBe(false);
  });
});

describe('retryDelayMs', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1000 };

  it('grows exponentially with full jitter', () => {
    const top = () => 0.999999;
    expect(retryDelayMs(error('server'), 1, policy, top)).toBe(99);
    expect(retryDelayMs(error('server'), 2, policy, top)).toBe(199);
    expect(retryDelayMs(error('server'), 3, policy, top)).toBe(399);
    expect(retryDelayMs(error('server'), 2, policy, () => 0.5)).toBe(100);
    expect(retryDelayMs(error('server'), 2, policy, () => 0)).toBe(0);
  });

  it('is capped at the maximum', () => {
    expect(retryDelayMs(error('server'), 30, policy, () => 0.999999)).toBe(999);
  });

  it('honours Retry-After, capped at a minute', () => {
    expect(retryDelayMs(error('rate_limited', { retryAfterMs: 3000 }), 1, policy, () => 0)).toBe(3000);
    expect(retryDelayMs(error('rate_limited', { retryAfterMs: 3_600_000 }), 1, policy, () => 0)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2024-05-01T10:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('2', now)).toBe(2000);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
    expect(parseRetryAfterMs('1.5', now)).toBe(1500);
    expect(parseRetryAfterMs('Wed, 01 May 2024 10:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfterMs('Wed, 01 May 2024 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs('-5', now)).toBeUndefined();
  });
});

describe('isSendOutcomeUnknown', () => {
  it.each([
    ['timeout', {}, true],
    ['bad_response', {}, true],
    ['network', { requestSent: true }, true],
    ['network', { requestSent: false }, false],
    ['server', { httpStatus: 500 }, true],
    ['server', { httpStatus: 504 }, true],
    ['server', { httpStatus: 502 }, false],
    ['server', { httpStatus: 503 }, false],
    ['rate_limited', {}, false],
    ['refused', {}, false],
    ['auth', {}, false],
    ['validation', {}, false],
    ['insufficient_balance', {}, false],
  ] as const)('%s %j → %s', (code, options, unknown) => {
    expect(isSendOutcomeUnknown(error(code, options))).toBe(unknown);
  });
});
