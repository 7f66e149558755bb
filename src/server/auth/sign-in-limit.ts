/**
 * Decides whether a sign-in may run its password check (scrypt, slow on purpose) before it runs.
 *
 * Failures are counted per address (across every username tried from it) and per username (across
 * every address). A few failures are free; each one after them makes the next try wait twice as
 * long, up to a cap of a few minutes. There is no long lock: a guesser gets a handful of tries an
 * hour, while a stranger who mistypes on purpose can hold staff back by minutes at most. A username
 * that has signed in from an address before is not held back there by its own count, so a stranger
 * elsewhere cannot keep `admin` out of the cafe; the address count still applies.
 *
 * Tries whose check is still running count too (they may fail), so a burst of parallel tries cannot
 * slip past the count before the first of them fails; and only so many checks run at once in all.
 *
 * In memory, per server process, with the clock passed in: a restart forgets the counts, which is
 * acceptable for a single-process server.
 */

import { clientAddressKey } from '../client-address.js';

export interface SignInAttempt {
  username: string;
  /** The client's IP address. */
  address: string;
}

/** Why a try was refused: its address or username failed too often, or too many checks are running. */
export type SignInRefusalReason = 'address' | 'username' | 'busy';

export interface SignInRefusal {
  reason: SignInRefusalReason;
  retryAfterMs: number;
}

export type SignInOutcome = 'succeeded' | 'failed' | 'abandoned';

export interface SignInLimiter {
  /**
   * A refusal, or undefined when the try may check its password now. An allowed try holds its
   * place until `finish` is called for it, whatever happens.
   */
  begin(attempt: SignInAttempt, now: number): SignInRefusal | undefined;
  /** `abandoned`: the check itself failed (e.g. the database), so it proves nothing either way. */
  finish(attempt: SignInAttempt, outcome: SignInOutcome, now: number): void;
}

export interface SignInLimitOptions {
  /** Failed sign-ins from one address (any usernames) before waits begin; default 10 (a cafe shares one). */
  freeFailuresPerAddress?: number;
  /** Failed sign-ins for one username (from anywhere) before waits begin; default 5. */
  freeFailuresPerUsername?: number;
  /** The first wait; each further failure doubles it. Default 1 second. */
  firstDelayMs?: number;
  /** The longest wait; default 5 minutes. */
  maxDelayMs?: number;
  /** Failures are forgotten once none came for this long; default 15 minutes. */
  forgetAfterMs?: number;
  /** Password checks running at once, at most; default 8. */
  maxConcurrentChecks?: number;
  /** How long a username stays trusted at an address it signed in from; default 30 days. */
  trustAddressForMs?: number;
  /** Records kept per kind at most, so a flood of made-up usernames cannot fill memory; default 10,000. */
  maxKeys?: number;
}

/** How long to wait before asking a refused try to come back when checks are busy. */
const BUSY_RETRY_MS = 1000;

interface Limits {
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  readonly forgetAfterMs: number;
  readonly maxKeys: number;
}

interface FailureRecord {
  failures: number;
  lastFailureAt: number;
  /** Tries allowed and still checking their password. */
  pending: number;
}

/** The wait a record's failures impose after its last failure: 0, then firstDelay, doubling, capped. */
export function delayAfterFailures(failures: number, freeFailures: number, limits: Pick<Limits, 'firstDelayMs' | 'maxDelayMs'>): number {
  const beyond = failures - freeFailures;
  if (beyond <= 0) return 0;
  // 2 ** 40 is already past any sane cap; stopping there keeps the number finite.
  return Math.min(limits.maxDelayMs, limits.firstDelayMs * 2 ** Math.min(beyond - 1, 40));
}

export function usernameKey(username: string): string {
  return username.trim().toLowerCase();
}


/** Failure records of one kind (addresses, or usernames), bounded in number. */
class FailureCounts {
  private readonly records = new Map<string, FailureRecord>();

  constructor(
    private readonly freeFailures: number,
    private readonly limits: Limits,
  ) {}

  /** Milliseconds this key must wait before another try, or 0. */
  waitMs(key: string, now: number): number {
    const record = this.current(key, now);
    if (record === undefined) return 0;
    const untilDelayPassed = record.lastFailureAt + delayAfterFailures(record.failures, this.freeFailures, this.limits) - now;
    if (untilDelayPassed > 0) return untilDelayPassed;
    // Past the free failures, tries go one at a time: the one running may fail and lengthen the wait.
    const couldPassFree = record.failures + record.pending >= this.freeFailures;
    if (record.pending > 0 && couldPassFree) return this.limits.firstDelayMs;
    return 0;
  }

  begin(key: string, now: number): void {
    const record = this.current(key, now) ?? { failures: 0, lastFailureAt: now, pending: 0 };
    record.pending += 1;
    this.store(key, record);
  }

  finish(key: string, outcome: SignInOutcome, now: number): void {
    const record = this.records.get(key);
    if (record === undefined) return;
    record.pending = Math.max(0, record.pending - 1);
    if (outcome === 'failed') {
      record.failures += 1;
      record.lastFailureAt = now;
    }
    if (outcome === 'succeeded') record.failures = 0;
    if (record.failures === 0 && record.pending === 0) this.records.delete(key);
    else this.store(key, record);
  }

  private current(key: string, now: number): FailureRecord | undefined {
    const record = this.records.get(key);
    if (record === undefined) return undefined;
    if (record.pending === 0 && now - record.lastFailureAt >= this.limits.forgetAfterMs) {
      this.records.delete(key);
      return undefined;
    }
    return record;
  }

  /** Re-inserting keeps the Map in order of last change, so the longest-quiet records are dropped first. */
  private store(key: string, record: FailureRecord): void {
    this.records.delete(key);
    this.records.set(key, record);
    if (this.records.size > this.limits.maxKeys) dropOldest(this.records, (candidate) => candidate.pending === 0);
  }
}

function dropOldest<V>(map: Map<string, V>, droppable: (value: V) => boolean): void {
  for (const [key, value] of map) {
    if (droppable(value)) {
      map.delete(key);
      return;
    }
  }
}

/** Pairs of username and address that signed in successfully, with when they last did. */
class TrustedAddresses {
  private readonly lastSignIn = new Map<string, number>();

  constructor(
    private readonly trustForMs: number,
    private readonly maxKeys: number,
  ) {}

  has(username: string, address: string, now: number): boolean {
    const key = `${username}\u0000${address}`;
    const at = this.lastSignIn.get(key);
    if (at === undefined) return false;
    if (now - at < this.trustForMs) return true;
    this.lastSignIn.delete(key);
    return false;
  }

  add(username: string, address: string, now: number): void {
    const key = `${username}\u0000${address}`;
    this.lastSignIn.delete(key);
    this.lastSignIn.set(key, now);
    if (this.lastSignIn.size > this.maxKeys) dropOldest(this.lastSignIn, () => true);
  }
}

export function createSignInLimiter(options: SignInLimitOptions = {}): SignInLimiter {
  const maxDelayMs = options.maxDelayMs ?? 5 * 60_000;
  const limits: Limits = {
    firstDelayMs: options.firstDelayMs ?? 1000,
    maxDelayMs,
    // A record forgotten before its wait ran out would end the wait early.
    forgetAfterMs: Math.max(options.forgetAfterMs ?? 15 * 60_000, maxDelayMs),
    maxKeys: options.maxKeys ?? 10_000,
  };
  const byAddress = new FailureCounts(options.freeFailuresPerAddress ?? 10, limits);
  const byUsername = new FailureCounts(options.freeFailuresPerUsername ?? 5, limits);
  const trusted = new TrustedAddresses(options.trustAddressForMs ?? 30 * 24 * 60 * 60_000, limits.maxKeys);
  const maxConcurrentChecks = options.maxConcurrentChecks ?? 8;
  let running = 0;

  return {
    begin(attempt, now) {
      const username = usernameKey(attempt.username);
      const address = clientAddressKey(attempt.address);
      const addressWait = byAddress.waitMs(address, now);
      if (addressWait > 0) return { reason: 'address', retryAfterMs: addressWait };
      const usernameWait = trusted.has(username, address, now) ? 0 : byUsername.waitMs(username, now);
      if (usernameWait > 0) return { reason: 'username', retryAfterMs: usernameWait };
      if (running >= maxConcurrentChecks) return { reason: 'busy', retryAfterMs: BUSY_RETRY_MS };
      running += 1;
      byAddress.begin(address, now);
      byUsername.begin(username, now);
      return undefined;
    },
    finish(attempt, outcome, now) {
      const username = usernameKey(attempt.username);
      const address = clientAddressKey(attempt.address);
      running = Math.max(0, running - 1);
      byAddress.finish(address, outcome, now);
      byUsername.finish(username, outcome, now);
      if (outcome === 'succeeded') trusted.add(username, address, now);
    },
  };
}
