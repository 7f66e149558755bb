import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { readSyncValue, writeSyncValue } from './sync-state.js';

/**
 * The gateway refused the account itself (no SMS units left, a bad token): nothing can be sent
 * until the operator acts. Kept in the database, not only in the worker's memory, so that every
 * screen and command can say why sending waits, and a worker killed while held still says so.
 */
export interface AccountHold {
  /** The error code of the refusal: insufficient_balance, auth, config, refused. */
  code: string;
  /** The gateway's words, or ours where it gave none. */
  message: string;
  /** When the hold began (ISO). */
  since: string;
}

const ACCOUNT_HOLD_KEY = 'account_hold';

export async function readAccountHold(db: Kysely<Database>): Promise<AccountHold | undefined> {
  const value = await readSyncValue(db, ACCOUNT_HOLD_KEY);
  if (value === undefined) return undefined;
  const parsed = JSON.parse(value) as Partial<AccountHold>;
  if (typeof parsed.code !== 'string' || typeof parsed.message !== 'string' || typeof parsed.since !== 'string') return undefined;
  return { code: parsed.code, message: parsed.message, since: parsed.since };
}

/** Records a hold; one already recorded for the same code keeps its `since`. */
export async function recordAccountHold(db: Kysely<Database>, hold: Omit<AccountHold, 'since'>, now: Date): Promise<void> {
  const earlier = await readAccountHold(db);
  const since = earlier?.code === hold.code ? earlier.since : now.toISOString();
  await writeSyncValue(db, ACCOUNT_HOLD_KEY, JSON.stringify({ ...hold, since }), now);
}

/** Ends a hold (a send went through, or staff said the account is fixed); true when there was one. */
export async function clearAccountHold(db: Kysely<Database>): Promise<boolean> {
  const result = await db.deleteFrom('sync_state').where('key', '=', ACCOUNT_HOLD_KEY).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Makes the messages a hold put back due at once: they wait with a later next attempt, and a
 * resume must not leave them waiting for it.
 */
export async function makeHeldMessagesDue(db: Kysely<Database>, code: string, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  const result = await db
    .updateTable('outbox_messages')
    .set({ next_attempt_at: nowIso, updated_at: nowIso })
    .where('state', '=', 'queued')
    .where('error_code', '=', code)
    .where('next_attempt_at', '>', nowIso)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
