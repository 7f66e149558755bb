/**
 * Decides whether a sign-in may run its password check (scrypt, slow on purpose) before it runs.
 *
 * Failures are counted per address (across every username tried from it) and per username (across
 * every address). A few failures are free; each one after them makes the next try wait twice as
 * long, up to a cap of a few minutes. There is no long lock: a guesser gets a handful of tries an
 * hour, while a stranger who mistypes on purpose can hold staff back by minutes at most. A username
 * that has signed in from an address before is not held back there by its own count, so a stranger
 * elsewhere cannot keep `admin` out of the cafe; the address count still applies. A success clears
 * both counts, so the typos of a whole cafe behind one address do not add up over a day.
 *
 * Tries whose check is still running count too (they may fail), so a burst of parallel tries cannot
 * slip past the count before the first of them fails; and only so many checks run at once.
 *
 * The counts and the trusted addresses live in the database (store/sign-in-records.ts), so every
 * server behind a load balancer applies the same limits and a restart forgets nothing. The pending
 * tries and the cap on checks running at once are per server, in memory: they are about this
 * server's own checks, last no longer than one (a fraction of a second), and the cap guards this
 * machine's CPU. Across several servers a burst can pass the free failures on each before the
 * counts catch up; every one of those failures is counted, so it only brings the long waits sooner.
 *
 * The clock is passed in.
 */

import type { Kysely } from 'kysely';
import {
  addSignInFailure,
  clearSignInFailures,
  type Database,
  deleteStaleSignInRecords,
  isSignInTrusted,
  readSignInFailures,
  recordSignInTrust,
  type SignInFailureRecord,
  type SignInFailureRecords,
  type SignInKeys,
} from '../../store/index.js';
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
  begin(attempt: SignInAttempt, now: number): Promise<SignInRefusal | undefined>;
  /**
   * Records the outcome, then frees the place (even when recording throws).
   * `abandoned`: the check itself failed (e.g. the database), so it proves nothing either way.
   */
  finish(attempt: SignInAttempt, outcome: SignInOutcome, now: number): Promise<void>;
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
  /** Password checks running at once on this server, at most; default 8. */
  maxConcurrentChecks?: number;
  /** How long a username stays trusted at an address it signed in from; default 30 days. */
  trustAddressForMs?: number;
}

/** How long to wait before asking a refused try to come back when checks are busy. */
const BUSY_RETRY_MS = 1000;
const BUSY: SignInRefusal = Object.freeze({ reason: 'busy', retryAfterMs: BUSY_RETRY_MS });

/** Reads of the counts overlapped by failures this server recorded before a try is sent back as busy. */
const MAX_READS = 3;

interface Limits {
  readonly freeFailuresPerAddress: number;
  readonly freeFailuresPerUsername: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  readonly forgetAfterMs: number;
  readonly trustAddressForMs: number;
  readonly maxConcurrentChecks: number;
}

/** What the database says about a try's address and username. */
interface SharedState {
  failures: SignInFailureRecords;
  trusted: boolean;
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

function resolveLimits(options: SignInLimitOptions): Limits {
  const maxDelayMs = options.maxDelayMs ?? 5 * 60_000;
  return {
    freeFailuresPerAddress: options.freeFailuresPerAddress ?? 10,
    freeFailuresPerUsername: options.freeFailuresPerUsername ?? 5,
    firstDelayMs: options.firstDelayMs ?? 1000,
    maxDelayMs,
    // A record forgotten before its wait ran out would end the wait early.
    forgetAfterMs: Math.max(options.forgetAfterMs ?? 15 * 60_000, maxDelayMs),
    trustAddressForMs: options.trustAddressForMs ?? 30 * 24 * 60 * 60_000,
    maxConcurrentChecks: options.maxConcurrentChecks ?? 8,
  };
}

function signInKeys(attempt: SignInAttempt): SignInKeys {
  return { address: clientAddressKey(attempt.address), username: usernameKey(attempt.username) };
}

/** Keys of the pending counts: an address and a username may be written alike. */
const addressSlot = (keys: SignInKeys) => `address:${keys.address}`;
const usernameSlot = (keys: SignInKeys) => `username:${keys.username}`;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Milliseconds a record makes the next try wait, counting this server's tries on it still checking; or 0. */
function waitMs(record: SignInFailureRecord | undefined, pending: number, freeFailures: number, limits: Limits, now: number): number {
  const failures = record?.failures ?? 0;
  if (record !== undefined) {
    const untilDelayPassed = Date.parse(record.lastFailureAt) + delayAfterFailures(failures, freeFailures, limits) - now;
    if (untilDelayPassed > 0) return untilDelayPassed;
  }
  // Past the free failures, tries go one at a time: the one running may fail and lengthen the wait.
  if (pending > 0 && failures + pending >= freeFailures) return limits.firstDelayMs;
  return 0;
}

/**
 * This server's own password checks: how many run, and per key how many tries are still checking.
 * A key is kept only while its checks run, so this stays as small as the cap on checks.
 */
class LocalChecks {
  running = 0;
  /** Failures this server has recorded so far: a read of the counts that overlapped one may lack it. */
  failuresRecorded = 0;
  private readonly pendingBySlot = new Map<string, number>();

  pending(slot: string): number {
    return this.pendingBySlot.get(slot) ?? 0;
  }

  start(slots: readonly string[]): void {
    this.running += 1;
    for (const slot of slots) this.pendingBySlot.set(slot, this.pending(slot) + 1);
  }

  end(slots: readonly string[], failed: boolean): void {
    this.running = Math.max(0, this.running - 1);
    if (failed) this.failuresRecorded += 1;
    for (const slot of slots) {
      const left = this.pending(slot) - 1;
      if (left > 0) this.pendingBySlot.set(slot, left);
      else this.pendingBySlot.delete(slot);
    }
  }
}

async function readSharedState(db: Kysely<Database>, keys: SignInKeys, limits: Limits, now: number): Promise<SharedState> {
  const [failures, trusted] = await Promise.all([
    readSignInFailures(db, keys, iso(now - limits.forgetAfterMs)),
    isSignInTrusted(db, keys, iso(now - limits.trustAddressForMs)),
  ]);
  return { failures, trusted };
}

/** The refusal the shared counts and this server's running checks call for, or undefined. */
function refusalFor(keys: SignInKeys, shared: SharedState, local: LocalChecks, limits: Limits, now: number): SignInRefusal | undefined {
  const addressWait = waitMs(shared.failures.address, local.pending(addressSlot(keys)), limits.freeFailuresPerAddress, limits, now);
  if (addressWait > 0) return { reason: 'address', retryAfterMs: addressWait };
  const usernamePending = local.pending(usernameSlot(keys));
  const usernameWait = shared.trusted ? 0 : waitMs(shared.failures.username, usernamePending, limits.freeFailuresPerUsername, limits, now);
  if (usernameWait > 0) return { reason: 'username', retryAfterMs: usernameWait };
  if (local.running >= limits.maxConcurrentChecks) return BUSY;
  return undefined;
}

export function createSignInLimiter(db: Kysely<Database>, options: SignInLimitOptions = {}): SignInLimiter {
  const limits = resolveLimits(options);
  const local = new LocalChecks();
  let lastSweptAt: number | undefined;

  /**
   * A failure this server records while the counts are being read may be missing from them, and
   * its pending try is gone by the time they arrive: read again then, lest a burst slip through.
   */
  async function readFresh(keys: SignInKeys, now: number): Promise<SharedState | undefined> {
    for (let read = 0; read < MAX_READS; read++) {
      const recordedBefore = local.failuresRecorded;
      const shared = await readSharedState(db, keys, limits, now);
      if (local.failuresRecorded === recordedBefore) return shared;
    }
    return undefined;
  }

  async function record(keys: SignInKeys, outcome: SignInOutcome, now: number): Promise<void> {
    if (outcome === 'abandoned') return;
    if (outcome === 'failed') {
      await addSignInFailure(db, keys, iso(now), iso(now - limits.forgetAfterMs));
    } else {
      await clearSignInFailures(db, keys);
      await recordSignInTrust(db, keys, iso(now));
    }
    await sweep(now);
  }

  /** Housekeeping, by each server at most once per forgetAfterMs: the reads ignore stale records anyway. */
  async function sweep(now: number): Promise<void> {
    if (lastSweptAt !== undefined && now - lastSweptAt < limits.forgetAfterMs) return;
    lastSweptAt = now;
    await deleteStaleSignInRecords(db, {
      failuresBeforeIso: iso(now - limits.forgetAfterMs),
      trustBeforeIso: iso(now - limits.trustAddressForMs),
    });
  }

  return {
    async begin(attempt, now) {
      const keys = signInKeys(attempt);
      const shared = await readFresh(keys, now);
      if (shared === undefined) return BUSY;
      // No await from here on: deciding and taking the place are one step for this server.
      const refusal = refusalFor(keys, shared, local, limits, now);
      if (refusal === undefined) local.start([addressSlot(keys), usernameSlot(keys)]);
      return refusal;
    },
    async finish(attempt, outcome, now) {
      const keys = signInKeys(attempt);
      try {
        await record(keys, outcome, now);
      } finally {
        // Only once the outcome is in the database: until then this server counts the try as pending.
        local.end([addressSlot(keys), usernameSlot(keys)], outcome === 'failed');
      }
    },
  };
}
