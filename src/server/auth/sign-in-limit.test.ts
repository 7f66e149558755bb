import { describe, expect, it } from 'vitest';
import { clientAddressKey } from '../client-address.js';
import { createSignInLimiter, delayAfterFailures, type SignInAttempt, type SignInLimiter } from './sign-in-limit.js';

/** Begins and at once finishes a try with a wrong password; fails the test if it was refused. */
function fail(limiter: SignInLimiter, attempt: SignInAttempt, now: number): void {
  expect(limiter.begin(attempt, now)).toBeUndefined();
  limiter.finish(attempt, 'failed', now);
}

const from = (address: string, username = 'admin'): SignInAttempt => ({ username, address });

describe('delayAfterFailures', () => {
  it('is free for the free failures, then doubles from the first delay up to the cap', () => {
    const limits = { firstDelayMs: 1000, maxDelayMs: 60_000 };
    expect([0, 1, 2, 3].map((failures) => delayAfterFailures(failures, 3, limits))).toEqual([0, 0, 0, 0]);
    expect([4, 5, 6, 7, 8, 9, 10].map((failures) => delayAfterFailures(failures, 3, limits))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000,
    ]);
    expect(delayAfterFailures(10_000, 3, limits)).toBe(60_000);
  });
});

describe('sign-in limiter', () => {
  it('makes a username wait after its free failures, whatever address they came from', () => {
    const limiter = createSignInLimiter({ freeFailuresPerUsername: 2, freeFailuresPerAddress: 100, firstDelayMs: 1000 });
    fail(limiter, from('10.0.0.1'), 0);
    fail(limiter, from('10.0.0.2'), 0);
    expect(limiter.begin(from('10.0.0.3'), 0)).toBeUndefined();
    limiter.finish(from('10.0.0.3'), 'failed', 0);
    expect(limiter.begin(from('10.0.0.4', ' ADMIN '), 500)).toEqual({ reason: 'username', retryAfterMs: 500 });
    // Another username is not held back.
    expect(limiter.begin(from('10.0.0.4', 'staff'), 500)).toBeUndefined();
    limiter.finish(from('10.0.0.4', 'staff'), 'succeeded', 500);
    // Each further failure doubles the wait.
    fail(limiter, from('10.0.0.5'), 1000);
    expect(limiter.begin(from('10.0.0.6'), 1000)).toEqual({ reason: 'username', retryAfterMs: 2000 });
    expect(limiter.begin(from('10.0.0.6'), 3000)).toBeUndefined();
  });

  it('makes an address wait after its free failures, across all usernames', () => {
    const limiter = createSignInLimiter({ freeFailuresPerAddress: 3, freeFailuresPerUsername: 100, firstDelayMs: 1000 });
    for (let i = 0; i < 4; i++) fail(limiter, from('10.0.0.1', `user-${i}`), 0);
    expect(limiter.begin(from('10.0.0.1', 'someone-else'), 10)).toEqual({ reason: 'address', retryAfterMs: 990 });
    // The same address written as IPv4-mapped IPv6 is the same client.
    expect(clientAddressKey('::FFFF:10.0.0.1')).toBe('10.0.0.1');
    expect(limiter.begin(from('::ffff:10.0.0.1', 'someone-else'), 10)?.reason).toBe('address');
    expect(limiter.begin(from('10.0.0.2', 'someone-else'), 10)).toBeUndefined();
  });

  it('never waits longer than the cap, so the right password gets through within minutes', () => {
    const limiter = createSignInLimiter({ freeFailuresPerUsername: 1, firstDelayMs: 1000, maxDelayMs: 4000 });
    let now = 0;
    for (let i = 0; i < 20; i++) {
      const refusal = limiter.begin(from(`10.0.1.${i}`), now);
      if (refusal === undefined) {
        limiter.finish(from(`10.0.1.${i}`), 'failed', now);
        continue;
      }
      now += refusal.retryAfterMs;
      fail(limiter, from(`10.0.1.${i}`), now);
    }
    const refusal = limiter.begin(from('10.0.2.1'), now);
    expect(refusal).toEqual({ reason: 'username', retryAfterMs: 4000 });
    expect(limiter.begin(from('10.0.2.1'), now + 4000)).toBeUndefined();
    limiter.finish(from('10.0.2.1'), 'succeeded', now + 4000);
    expect(limiter.begin(from('10.0.2.2'), now + 4000)).toBeUndefined();
  });

  it("does not let a username's failures elsewhere hold it back at an address it signed in from", () => {
    const limiter = createSignInLimiter({ freeFailuresPerUsername: 1, freeFailuresPerAddress: 100 });
    expect(limiter.begin(from('192.168.1.20'), 0)).toBeUndefined();
    limiter.finish(from('192.168.1.20'), 'succeeded', 0);
    fail(limiter, from('203.0.113.9'), 1);
    fail(limiter, from('203.0.113.9'), 2);
    expect(limiter.begin(from('203.0.113.9'), 3)?.reason).toBe('username');
    expect(limiter.begin(from('192.168.1.20'), 3)).toBeUndefined();
  });

  it('stops trusting an address after trustAddressForMs', () => {
    const limiter = createSignInLimiter({ freeFailuresPerUsername: 1, freeFailuresPerAddress: 100, trustAddressForMs: 1000, forgetAfterMs: 60_000 });
    expect(limiter.begin(from('192.168.1.20'), 0)).toBeUndefined();
    limiter.finish(from('192.168.1.20'), 'succeeded', 0);
    fail(limiter, from('203.0.113.9'), 2000);
    fail(limiter, from('203.0.113.9'), 2000);
    expect(limiter.begin(from('192.168.1.20'), 2001)?.reason).toBe('username');
  });

  it('counts tries still checking their password, so a parallel burst cannot pass the free failures', () => {
    const limiter = createSignInLimiter({ freeFailuresPerAddress: 3, freeFailuresPerUsername: 100 });
    const allowed = [0, 1, 2, 3, 4].map((i) => limiter.begin(from('10.0.0.1', `user-${i}`), 0));
    expect(allowed.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(allowed[3]).toEqual({ reason: 'address', retryAfterMs: 1000 });
    for (let i = 0; i < 3; i++) limiter.finish(from('10.0.0.1', `user-${i}`), 'failed', 0);
    // Past the free failures, one try at a time.
    expect(limiter.begin(from('10.0.0.1', 'user-9'), 0)).toBeUndefined();
    expect(limiter.begin(from('10.0.0.1', 'user-10'), 0)?.reason).toBe('address');
  });

  it('runs at most maxConcurrentChecks password checks at once', () => {
    const limiter = createSignInLimiter({ maxConcurrentChecks: 2 });
    expect(limiter.begin(from('10.0.0.1', 'a'), 0)).toBeUndefined();
    expect(limiter.begin(from('10.0.0.2', 'b'), 0)).toBeUndefined();
    expect(limiter.begin(from('10.0.0.3', 'c'), 0)).toEqual({ reason: 'busy', retryAfterMs: 1000 });
    limiter.finish(from('10.0.0.1', 'a'), 'abandoned', 0);
    expect(limiter.begin(from('10.0.0.3', 'c'), 0)).toBeUndefined();
  });

  it('counts an abandoned check (a database failure) as neither success nor failure', () => {
    const limiter = createSignInLimiter({ freeFailuresPerUsername: 1, freeFailuresPerAddress: 1 });
    for (let i = 0; i < 5; i++) {
      expect(limiter.begin(from('10.0.0.1'), 0)).toBeUndefined();
      limiter.finish(from('10.0.0.1'), 'abandoned', 0);
    }
  });

  it('forgets failures once none came for forgetAfterMs, and after a success', () => {
    const limiter = createSignInLimiter({ freeFailuresPerUsername: 1, freeFailuresPerAddress: 100, maxDelayMs: 1000, forgetAfterMs: 5000 });
    fail(limiter, from('10.0.0.1'), 0);
    fail(limiter, from('10.0.0.2'), 0);
    expect(limiter.begin(from('10.0.0.3'), 4999)).toBeUndefined();
    limiter.finish(from('10.0.0.3'), 'failed', 4999);
    expect(limiter.begin(from('10.0.0.3'), 5000)?.reason).toBe('username');
    expect(limiter.begin(from('10.0.0.3'), 10_000)).toBeUndefined();
    limiter.finish(from('10.0.0.3'), 'failed', 10_000);
    fail(limiter, from('10.0.0.3'), 10_000);
    expect(limiter.begin(from('10.0.0.3'), 10_500)?.reason).toBe('username');
    expect(limiter.begin(from('10.0.0.3'), 12_000)).toBeUndefined();
    limiter.finish(from('10.0.0.3'), 'succeeded', 12_000);
    fail(limiter, from('10.0.0.4'), 12_000);
    expect(limiter.begin(from('10.0.0.4'), 12_000)).toBeUndefined();
    limiter.finish(from('10.0.0.4'), 'abandoned', 12_000);
  });

  it('remembers at most maxKeys records per kind, dropping the longest quiet', () => {
    const limiter = createSignInLimiter({ freeFailuresPerUsername: 0, freeFailuresPerAddress: 100, maxKeys: 2 });
    for (const username of ['a', 'b', 'c']) fail(limiter, from('10.0.0.1', username), 0);
    expect(limiter.begin(from('10.0.0.1', 'a'), 1)).toBeUndefined();
    limiter.finish(from('10.0.0.1', 'a'), 'abandoned', 1);
    expect(limiter.begin(from('10.0.0.1', 'c'), 1)?.reason).toBe('username');
  });
});
