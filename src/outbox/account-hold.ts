import type { Kysely } from 'kysely';
import type { CafeError } from '../errors/index.js';
import { clearAccountHold, readAccountHold, recordAccountHold } from '../store/outbox/index.js';
import type { Database } from '../store/schema.js';

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
  // A record may be left from an earlier run (a worker killed while held): the first success clears it.
  let mayBeRecorded = true;
  // The record's last write: a check for a resume must not read before it lands.
  let written: Promise<void> = Promise.resolve();

  return {
    refused(error) {
      refusalsInARow += 1;
      mayBeRecorded = true;
      written = recordAccountHold(options.db, { code: error.code, message: error.message }, options.now()).catch((e: unknown) =>
        options.onError(e, 'could not record that sending is held'),
      );
      return options.holdMs * 2 ** Math.min(refusalsInARow - 1, MAX_DOUBLINGS);
    },
    accepted() {
      refusalsInARow = 0;
      if (!mayBeRecorded) return;
      mayBeRecorded = false;
      written = clearAccountHold(options.db).then(
        () => undefined,
        (e: unknown) => options.onError(e, 'could not record that sending goes on'),
      );
    },
    async resumedByStaff() {
      if (refusalsInARow === 0) return false;
      await written;
      if ((await readAccountHold(options.db)) !== undefined) return false;
      refusalsInARow = 0;
      mayBeRecorded = false;
      return true;
    },
  };
}
