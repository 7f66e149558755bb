import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { attemptSignal } from './attempt-signal.js';

describe('attemptSignal', () => {
  it('aborts with a TimeoutError when the deadline passes', async () => {
    const attempt = attemptSignal(10, undefined);
    await delay(40);
    expect(attempt.signal.aborted).toBe(true);
    expect(attempt.signal.reason).toMatchObject({ name: 'TimeoutError' });
    expect(attempt.timedOut()).toBe(true);
    attempt.dispose();
  });

  it("aborts with the caller's reason when the caller aborts first", () => {
    const caller = new AbortController();
    const attempt = attemptSignal(10_000, caller.signal);
    const reason = new Error('stop');
    caller.abort(reason);
    expect(attempt.signal.reason).toBe(reason);
    expect(attempt.timedOut()).toBe(false);
    attempt.dispose();
  });

  it('starts aborted when the caller already is', () => {
    const attempt = attemptSignal(10_000, AbortSignal.abort('gone'));
    expect(attempt.signal.aborted).toBe(true);
    expect(attempt.signal.reason).toBe('gone');
    attempt.dispose();
  });

  it('once disposed, neither the deadline nor the caller aborts it', async () => {
    const caller = new AbortController();
    const attempt = attemptSignal(10, caller.signal);
    attempt.dispose();
    caller.abort();
    await delay(40);
    expect(attempt.signal.aborted).toBe(false);
    expect(attempt.timedOut()).toBe(false);
  });
});
