import { describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import type { SendOutcome } from '../gateway/index.js';
import { backoffMs, decideRow, DEFAULT_RETRY_POLICY, isAccountLevelFailure } from './outcome-policy.js';

const policy = { baseDelayMs: 1000, maxDelayMs: 10_000, maxAttempts: 4 };
const rejected = (error: CafeError): SendOutcome => ({ outcome: 'rejected', error });

describe('decideRow', () => {
  it('keeps the uid and raw status of an acceptance', () => {
    const outcome: SendOutcome = { outcome: 'accepted', uid: 'abc1234567890', status: 'Delivered', record: undefined };
    expect(decideRow(outcome, 1, policy)).toEqual({ kind: 'accepted', uid: 'abc1234567890', status: 'Delivered' });
  });

  it('turns a lost answer into unknown, never a retry', () => {
    const error = new CafeError('timeout', 'no answer');
    expect(decideRow({ outcome: 'unknown', error }, 1, policy)).toEqual({ kind: 'unknown', error });
  });

  it('retries a throttled row after Retry-After without counting it as an attempt', () => {
    const error = new CafeError('rate_limited', 'slow down', { retryAfterMs: 3000 });
    expect(decideRow(rejected(error), 7, policy)).toMatchObject({ kind: 'retry', delayMs: 3000, countsAsAttempt: false });
    const noHeader = new CafeError('rate_limited', 'Too Many Attempts.');
    expect(decideRow(rejected(noHeader), 1, policy)).toMatchObject({ kind: 'retry', delayMs: 1000 });
  });

  it('retries transient refusals with exponential backoff, then gives up', () => {
    const error = new CafeError('bad_response', 'The gateway answered HTTP 200 with something that is not its JSON envelope');
    expect(decideRow(rejected(error), 1, policy)).toMatchObject({ kind: 'retry', delayMs: 1000, countsAsAttempt: true });
    expect(decideRow(rejected(error), 3, policy)).toMatchObject({ kind: 'retry', delayMs: 4000 });
    expect(decideRow(rejected(error), 4, policy)).toEqual({ kind: 'failed', error });
  });

  it('never fails a message for a gateway outage, however many attempts it has had', () => {
    const down = new CafeError('server', 'upstream unavailable', { httpStatus: 503 });
    const network = new CafeError('network', 'connection refused');
    for (const error of [down, network]) {
      expect(decideRow(rejected(error), 1, policy)).toEqual({ kind: 'outage', error });
      expect(decideRow(rejected(error), 40, policy)).toEqual({ kind: 'outage', error });
    }
  });

  it('fails permanent refusals at once', () => {
    for (const code of ['validation', 'refused', 'invalid_input', 'not_found'] as const) {
      const error = new CafeError(code, 'no', { gatewayMessage: 'Number contains in the blacklist' });
      expect(decideRow(rejected(error), 1, policy)).toEqual({ kind: 'failed', error });
    }
  });

  it('holds rows when the account itself cannot send', () => {
    const cases = [
      new CafeError('auth', 'Unauthenticated.'),
      new CafeError('insufficient_balance', 'no balance'),
      new CafeError('refused', 'refused', { gatewayMessage: 'Originator Cafe de Revenue is not authorized' }),
      new CafeError('config', 'The gateway has no send endpoint at this address (HTTP 404): check SMSAPP_API_URL'),
    ];
    for (const error of cases) {
      expect(isAccountLevelFailure(error)).toBe(true);
      expect(decideRow(rejected(error), 1, policy)).toEqual({ kind: 'hold', error });
    }
  });
});

describe('backoffMs', () => {
  it('doubles from the base up to the ceiling', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, policy))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(backoffMs(1, DEFAULT_RETRY_POLICY)).toBe(2000);
  });
});
