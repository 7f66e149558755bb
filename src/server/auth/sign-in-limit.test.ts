import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore, type TempStore } from '../../store/test-support/temp-store.js';
import { clientAddressKey } from '../client-address.js';
import {
  createSignInLimiter,
  delayAfterFailures,
  type SignInAttempt,
  type SignInLimiter,
  type SignInLimitOptions,
} from './sign-in-limit.js';

let store: TempStore;

beforeEach(async () => {
  store = await openTempStore();
});

afterEach(async () => {
  await store.dispose();
});

/** A limiter on this test's database: another call is another server on the same database. */
const limit = (options: SignInLimitOptions = {}): SignInLimiter => createSignInLimiter(store.db, options);

/** Begins and at once finishes a try with a wrong password; fails the test if it was refused. */
async function fail(limiter: SignInLimiter, attempt: SignInAttempt, now: number): Promise<void> {
  expect(await limiter.begin(attempt, now)).toBeUndefined();
  await limiter.finish(attempt, 'failed', now);
}

/** Begins and at once finishes a try with the right password; fails the test if it was refused. */
async function succeed(limiter: SignInLimiter, attempt: SignInAttempt, now: number): Promise<void> {
  expect(await limiter.begin(attempt, now)).toBeUndefined();
  await limiter.finish(attempt, 'succeeded', now);
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
  it('makes a username wait after its free failures, whatever address they came from', async () => {
    const limiter = limit({ freeFailuresPerUsername: 2, freeFailuresPerAddress: 100, firstDelayMs: 1000 });
    await fail(limiter, from('10.0.0.1'), 0);
    await fail(limiter, from('10.0.0.2'), 0);
    await fail(limiter, from('10.0.0.3'), 0);
    expect(await limiter.begin(from('10.0.0.4', ' ADMIN '), 500)).toEqual({ reason: 'username', retryAfterMs: 500 });
    // Another username is not held back.
    await succeed(limiter, from('10.0.0.4', 'staff'), 500);
    // Each further failure doubles the wait.
    await fail(limiter, from('10.0.0.5'), 1000);
    expect(await limiter.begin(from('10.0.0.6'), 1000)).toEqual({ reason: 'username', retryAfterMs: 2000 });
    expect(await limiter.begin(from('10.0.0.6'), 3000)).toBeUndefined();
  });

  it('makes an address wait after its free failures, across all usernames', async () => {
    const limiter = limit({ freeFailuresPerAddress: 3, freeFailuresPerUsername: 100, firstDelayMs: 1000 });
    for (let i = 0; i < 4; i++) await fail(limiter, from('10.0.0.1', `user-${i}`), 0);
    expect(await limiter.begin(from('10.0.0.1', 'someone-else'), 10)).toEqual({ reason: 'address', retryAfterMs: 990 });
    // The same address written as IPv4-mapped IPv6 is the same client.
    expect(clientAddressKey('::FFFF:10.0.0.1')).toBe('10.0.0.1');
    expect((await limiter.begin(from('::ffff:10.0.0.1', 'someone-else'), 10))?.reason).toBe('address');
    expect(await limiter.begin(from('10.0.0.2', 'someone-else'), 10)).toBeUndefined();
  });

  it('never waits longer than the cap, so the right password gets through within minutes', async () => {
    const limiter = limit({ freeFailuresPerUsername: 1, firstDelayMs: 1000, maxDelayMs: 4000 });
    let now = 0;
    for (let i = 0; i < 20; i++) {
      const refusal = await limiter.begin(from(`10.0.1.${i}`), now);
      if (refusal === undefined) {
        await limiter.finish(from(`10.0.1.${i}`), 'failed', now);
        continue;
      }
      now += refusal.retryAfterMs;
      await fail(limiter, from(`10.0.1.${i}`), now);
    }
    expect(await limiter.begin(from('10.0.2.1'), now)).toEqual({ reason: 'username', retryAfterMs: 4000 });
    await succeed(limiter, from('10.0.2.1'), now + 4000);
    expect(await limiter.begin(from('10.0.2.2'), now + 4000)).toBeUndefined();
  });

  it("does not let a username's failures elsewhere hold it back at an address it signed in from", async () => {
    const limiter = limit({ freeFailuresPerUsername: 1, freeFailuresPerAddress: 100 });
    await succeed(limiter, from('192.168.1.20'), 0);
    await fail(limiter, from('203.0.113.9'), 1);
    await fail(limiter, from('203.0.113.9'), 2);
    expect((await limiter.begin(from('203.0.113.9'), 3))?.reason).toBe('username');
    expect(await limiter.begin(from('192.168.1.20'), 3)).toBeUndefined();
  });

  it('stops trusting an address after trustAddressForMs', async () => {
    const limiter = limit({ freeFailuresPerUsername: 1, freeFailuresPerAddress: 100, trustAddressForMs: 1000, forgetAfterMs: 60_000 });
    await succeed(limiter, from('192.168.1.20'), 0);
    await fail(limiter, from('203.0.113.9'), 2000);
    await fail(limiter, from('203.0.113.9'), 2000);
    expect((await limiter.begin(from('192.168.1.20'), 2001))?.reason).toBe('username');
  });

  it('counts tries still checking their password, so a parallel burst cannot pass the free failures', async () => {
    const limiter = limit({ freeFailuresPerAddress: 3, freeFailuresPerUsername: 100 });
    const burst = [0, 1, 2, 3, 4].map((i) => from('10.0.0.1', `user-${i}`));
    const answers = await Promise.all(burst.map((attempt) => limiter.begin(attempt, 0)));
    // Which three get through depends on the order the reads come back in (a pool on PostgreSQL).
    const allowed = burst.filter((_, i) => answers[i] === undefined);
    expect(allowed).toHaveLength(3);
    expect(answers.filter((answer) => answer !== undefined)).toEqual([
      { reason: 'address', retryAfterMs: 1000 },
      { reason: 'address', retryAfterMs: 1000 },
    ]);
    for (const attempt of allowed) await limiter.finish(attempt, 'failed', 0);
    // Past the free failures, one try at a time.
    expect(await limiter.begin(from('10.0.0.1', 'user-9'), 0)).toBeUndefined();
    expect((await limiter.begin(from('10.0.0.1', 'user-10'), 0))?.reason).toBe('address');
  });

  it('never misses a failure recorded while another try reads the counts', async () => {
    const limiter = limit({ freeFailuresPerUsername: 1, freeFailuresPerAddress: 100 });
    await fail(limiter, from('10.0.0.1'), 0);
    // The one try allowed past the free failure, and another deciding while it is recorded: the
    // other sees it pending or failed, whichever comes first, never neither.
    expect(await limiter.begin(from('10.0.0.2'), 0)).toBeUndefined();
    const [, refusal] = await Promise.all([limiter.finish(from('10.0.0.2'), 'failed', 0), limiter.begin(from('10.0.0.3'), 0)]);
    expect(refusal?.reason).toBe('username');
  });

  it('runs at most maxConcurrentChecks password checks at once', async () => {
    const limiter = limit({ maxConcurrentChecks: 2 });
    expect(await limiter.begin(from('10.0.0.1', 'a'), 0)).toBeUndefined();
    expect(await limiter.begin(from('10.0.0.2', 'b'), 0)).toBeUndefined();
    expect(await limiter.begin(from('10.0.0.3', 'c'), 0)).toEqual({ reason: 'busy', retryAfterMs: 1000 });
    await limiter.finish(from('10.0.0.1', 'a'), 'abandoned', 0);
    expect(await limiter.begin(from('10.0.0.3', 'c'), 0)).toBeUndefined();
  });

  it('counts an abandoned check (a database failure) as neither success nor failure', async () => {
    const limiter = limit({ freeFailuresPerUsername: 1, freeFailuresPerAddress: 1 });
    for (let i = 0; i < 5; i++) {
      expect(await limiter.begin(from('10.0.0.1'), 0)).toBeUndefined();
      await limiter.finish(from('10.0.0.1'), 'abandoned', 0);
    }
    expect(await store.db.selectFrom('sign_in_failures').selectAll().execute()).toEqual([]);
  });

  it('frees the place of a try whose outcome could not be recorded', async () => {
    const limiter = limit({ maxConcurrentChecks: 1 });
    expect(await limiter.begin(from('10.0.0.1'), 0)).toBeUndefined();
    await store.db.schema.alterTable('sign_in_failures').renameTo('sign_in_failures_away').execute();
    await expect(limiter.finish(from('10.0.0.1'), 'failed', 0)).rejects.toThrow();
    await store.db.schema.alterTable('sign_in_failures_away').renameTo('sign_in_failures').execute();
    expect(await limiter.begin(from('10.0.0.2'), 0)).toBeUndefined();
  });

  it('forgets failures once none came for forgetAfterMs, and after a success', async () => {
    const limiter = limit({ freeFailuresPerUsername: 1, freeFailuresPerAddress: 100, maxDelayMs: 1000, forgetAfterMs: 5000 });
    await fail(limiter, from('10.0.0.1'), 0);
    await fail(limiter, from('10.0.0.2'), 0);
    await fail(limiter, from('10.0.0.3'), 4999);
    expect((await limiter.begin(from('10.0.0.3'), 5000))?.reason).toBe('username');
    await fail(limiter, from('10.0.0.3'), 10_000);
    await fail(limiter, from('10.0.0.3'), 10_000);
    expect((await limiter.begin(from('10.0.0.3'), 10_500))?.reason).toBe('username');
    await succeed(limiter, from('10.0.0.3'), 12_000);
    await fail(limiter, from('10.0.0.4'), 12_000);
    expect(await limiter.begin(from('10.0.0.4'), 12_000)).toBeUndefined();
    await limiter.finish(from('10.0.0.4'), 'abandoned', 12_000);
  });

  it('deletes forgotten failures and expired trust from the database', async () => {
    const limiter = limit({
      freeFailuresPerUsername: 100,
      freeFailuresPerAddress: 100,
      maxDelayMs: 1000,
      forgetAfterMs: 5000,
      trustAddressForMs: 8000,
    });
    const rows = async () => ({
      failures: (await store.db.selectFrom('sign_in_failures').select(['kind', 'key', 'failures']).orderBy('key').execute()).map(
        (row) => `${row.kind} ${row.key} ${row.failures}`,
      ),
      trust: (await store.db.selectFrom('sign_in_trust').select(['username', 'address']).execute()).map(
        (row) => `${row.username} ${row.address}`,
      ),
    });
    await succeed(limiter, from('10.0.0.9', 'staff'), 0);
    for (const username of ['a', 'b', 'c']) await fail(limiter, from('10.0.0.1', username), 0);
    expect(await rows()).toEqual({
      failures: ['address 10.0.0.1 3', 'username a 1', 'username b 1', 'username c 1'],
      trust: ['staff 10.0.0.9'],
    });
    await fail(limiter, from('10.0.0.2', 'd'), 5000);
    expect(await rows()).toEqual({ failures: ['address 10.0.0.2 1', 'username d 1'], trust: ['staff 10.0.0.9'] });
    // Housekeeping runs at most once per forgetAfterMs on each server: the reads ignore what it leaves.
    await fail(limiter, from('10.0.0.2', 'd'), 9000);
    expect(await rows()).toEqual({ failures: ['address 10.0.0.2 2', 'username d 2'], trust: ['staff 10.0.0.9'] });
    await fail(limiter, from('10.0.0.2', 'd'), 10_000);
    expect(await rows()).toEqual({ failures: ['address 10.0.0.2 3', 'username d 3'], trust: [] });
  });
});

describe('sign-in limiter on several servers', () => {
  it('shares the counts through the database: failures on one hold tries back on the other, a success on one clears both', async () => {
    const options = { freeFailuresPerUsername: 2, freeFailuresPerAddress: 100, firstDelayMs: 1000 };
    const [one, two] = [limit(options), limit(options)];
    await fail(one, from('10.0.0.1'), 0);
    await fail(two, from('10.0.0.2'), 0);
    await fail(one, from('10.0.0.3'), 0);
    expect(await two.begin(from('10.0.0.4'), 500)).toEqual({ reason: 'username', retryAfterMs: 500 });
    expect(await one.begin(from('10.0.0.4'), 500)).toEqual({ reason: 'username', retryAfterMs: 500 });
    await succeed(two, from('10.0.0.4'), 1000);
    expect(await one.begin(from('10.0.0.5'), 1000)).toBeUndefined();
    await one.finish(from('10.0.0.5'), 'abandoned', 1000);
  });

  it('shares trusted addresses: a username signed in through one server is not held back there on the other', async () => {
    const options = { freeFailuresPerUsername: 1, freeFailuresPerAddress: 100 };
    const [one, two] = [limit(options), limit(options)];
    await succeed(one, from('192.168.1.20'), 0);
    await fail(two, from('203.0.113.9'), 1);
    await fail(one, from('203.0.113.9'), 2);
    expect((await two.begin(from('203.0.113.9'), 3))?.reason).toBe('username');
    expect(await two.begin(from('192.168.1.20'), 3)).toBeUndefined();
  });

  it('keeps the check cap per server', async () => {
    const [one, two] = [limit({ maxConcurrentChecks: 1 }), limit({ maxConcurrentChecks: 1 })];
    expect(await one.begin(from('10.0.0.1', 'a'), 0)).toBeUndefined();
    expect(await one.begin(from('10.0.0.2', 'b'), 0)).toEqual({ reason: 'busy', retryAfterMs: 1000 });
    expect(await two.begin(from('10.0.0.2', 'b'), 0)).toBeUndefined();
  });
});
