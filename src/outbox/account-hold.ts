import type { Kysely } from 'kysely';
import type { CafeError } from '../errors/index.js';
import { clearAccountHold, makeHeldMessagesDue, readAccountHold, recordAccountHold } from '../store/outbox/index.js';
import type { Database } from '../store/index.js';

/**
 * What the worker knows of an account-level refusal (no SMS units left, a bad token): how long to
 * pause before trying again, growing while the refusals go on, and the durable record every screen
 * reads ("waiting: the account has no SMS units left"). A refusal holds messages back; it never
 * fails one.
 */
export interface AccountHoldTracker {
  /** The gateway refused the account: records the hold and answers how long to pause (ms). */
  refused(error: CafeError): number;
  /** A message went through: the account works again, the hold ends. */
  accepted(): void;
  /** While paused: whether staff resumed sending (the record was cleared), so the pause ends now. */
  resumedByStaff(): Promise<boolean>;
}

export interface AccountHoldOptions {
  db: Kysely<Database>;
  /** The first pause; each refusal in a row doubles it, up to MAX_DOUBLINGS times. */
  holdMs: number;
  now: () => Date;
  onError: (error: unknown, context: string) => void;
}

/** A pause grows to at most 8 × holdMs (8 minutes by default): a top-up is noticed within minutes. */
const MAX_DOUBLINGS = 3;

export function createAccountHoldTracker(options: AccountHoldOptions): AccountHoldTracker {
  let refusalsInARow = 0;
  let lastCode: string | undefined;
  // A record may be left from an earlier run (a worker killed while held): the first success clears it.
  let mayBeRecorded = true;
  // The record's writes, one after another: on PostgreSQL two writes may take two connections and
  // land in either order, and a "cleared" that overtook a "held" would read as staff resuming.
  let written: Promise<void> = Promise.resolve();
  const write = (next: () => Promise<unknown>, context: string): void => {
    written = written.then(next).then(
      () => undefined,
      (e: unknown) => options.onError(e, context),
    );
  };

  return {
    refused(error) {
      refusalsInARow += 1;
      lastCode = error.code;
      mayBeRecorded = true;
      const now = options.now();
      write(
        () => recordAccountHold(options.db, { code: error.code, message: error.message }, now),
        'could not record that sending is held',
      );
      return options.holdMs * 2 ** Math.min(refusalsInARow - 1, MAX_DOUBLINGS);
    },
    accepted() {
      refusalsInARow = 0;
      if (!mayBeRecorded) return;
      mayBeRecorded = false;
      write(() => clearAccountHold(options.db), 'could not record that sending goes on');
    },
    async resumedByStaff() {
      if (refusalsInARow === 0) return false;
      await written;
      if ((await readAccountHold(options.db)) !== undefined) return false;
      refusalsInARow = 0;
      mayBeRecorded = false;
      // Staff may have resumed before this worker recorded the refused call's rows (with a later
      // next attempt): those are made due here, so none waits out a pause that was lifted.
      if (lastCode !== undefined) await makeHeldMessagesDue(options.db, lastCode, options.now());
      return true;
    },
  };
}
