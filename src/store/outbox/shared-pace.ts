import type { Kysely } from 'kysely';
import { runBulkSql, runWrite } from '../bulk-sql.js';
import type { Database } from '../schema.js';

/**
 * The account's one pace on PostgreSQL, shared by every worker on every machine: a token bucket
 * kept in one `send_pace` row, as the moment (database clock, epoch ms) from which the next call
 * may go. A worker reads it before it claims, and charges it with what it claimed as the last
 * statement of the same transaction, so the row is locked only from that statement to the commit.
 * Several workers may pass the check at once; each charge still pushes the moment on by its own
 * segments, so over any minute the gateway sees the configured pace and a burst is at most one
 * batch per worker. The database's clock is used, never the machines' (they may disagree).
 */

/** The gateway account the pace belongs to: one per database (or schema). */
const PACE_ACCOUNT = 'gateway';

const NOW_MS = 'extract(epoch from clock_timestamp()) * 1000';

/** Milliseconds until the account's pace allows the next call (0: now). */
export async function sharedPaceWaitMs(db: Kysely<Database>): Promise<number> {
  const rows = await runBulkSql<{ wait: number }>(db, `select next_free_ms - ${NOW_MS} as wait from send_pace where account = ?`, [PACE_ACCOUNT]);
  return Math.max(0, Number(rows[0]?.wait ?? 0));
}

/** Charges the account's pace with `ms` of sending (segments ÷ pace), from now or from when it is next free. */
export async function chargeSharedPace(db: Kysely<Database>, ms: number, now: Date): Promise<void> {
  if (ms <= 0) return;
  await runWrite(
    db,
    `insert into send_pace (account, next_free_ms, updated_at) values (?, ${NOW_MS} + ?, ?)
     on conflict (account) do update set next_free_ms = greatest(send_pace.next_free_ms, ${NOW_MS}) + ?, updated_at = excluded.updated_at`,
    [PACE_ACCOUNT, ms, now.toISOString(), ms],
  );
}
