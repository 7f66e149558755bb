import { describe, expect, it } from 'vitest';
import { createSignInLimiter, signInKey } from './sign-in-limit.js';

describe('sign-in limiter', () => {
  it('allows maxFailures failures in the window, then asks to wait until the oldest leaves it', () => {
    const limiter = createSignInLimiter({ maxFailures: 2, windowMs: 1000 });
    const key = signInKey(' Admin ', '1.2.3.4');
    expect(key).toBe(signInKey('admin', '1.2.3.4'));
    limiter.recordFailure(key, 0);
    expect(limiter.retryAfterMs(key, 100)).toBe(0);
    limiter.recordFailure(key, 200);
    expect(limiter.retryAfterMs(key, 300)).toBe(700);
    expect(limiter.retryAfterMs(key, 1000)).toBe(0);
  });

  it('forgets a key after a successful sign-in', () => {
    const limiter = createSignInLimiter({ maxFailures: 1 });
    limiter.recordFailure('k', 0);
    expect(limiter.retryAfterMs('k', 1)).toBeGreaterThan(0);
    limiter.recordSuccess('k');
    expect(limiter.retryAfterMs('k', 1)).toBe(0);
  });

  it('remembers at most maxKeys keys, forgetting the oldest', () => {
    const limiter = createSignInLimiter({ maxFailures: 1, maxKeys: 2 });
    for (const key of ['a', 'b', 'c']) limiter.recordFailure(key, 0);
    expect(limiter.retryAfterMs('a', 1)).toBe(0);
    expect(limiter.retryAfterMs('c', 1)).toBeGreaterThan(0);
  });
});
