import type { Kysely } from 'kysely';
import { runBulkSql, runWrite } from '../bulk-sql.js';
import type { Database } from '../schema.js';

/**
 * The account's one pace on PostgreSQL, shared by every worker on every machine: a token bucket
 * kept in one `send_pace` row, as the moment (database clock, epoch ms) from which the next call
 * may go. A worker locks and reads it before it claims, and charges it with what it claimed as the
 * last statement of the same transaction. The lock makes claimers take turns: the next one reads
 * the moment its predecessor pushed on and waits, rather than every worker passing the check at
 * once and the gateway receiving one batch from each at the same instant (measured: three workers
 * at 100 segments a second sent 150 segments within 10 ms every 1.5 s). Nothing else waits while
 * the lock is held (claims skip locked rows), so the turns cannot deadlock. The database's clock is
 * used, never the machines' (they may disagree).
 */
/** The gateway account the pace belongs to: one per database (or schema). */
export const GATEWAY_ACCOUNT = 'gateway';

const NOW_MS = 'extract(epoch from clock_timestamp()) * 1000';

/**
 * Takes the account's turn to claim (the row stays locked until the transaction ends) and answers
 * the milliseconds until its pace allows the next call (0: now). The first worker ever creates the row.
 */
export async function takeSharedPaceTurn(db: Kysely<Database>, now: Date): Promise<number> {
  const rows = await runBulkSql<{ wait: number }>(
    db,
    `insert into send_pace (account, next_free_ms, updated_at) values (?, ${NOW_MS}, ?)
     on conflict (account) do update set next_free_ms = send_pace.next_free_ms
     returning next_free_ms - ${NOW_MS} as wait`,
    [GATEWAY_ACCOUNT, now.toISOString()],
  );
  return Math.max(0, Number(rows[0]?.wait ?? 0));
}

/**
 * Time the account's pace may fall behind and make up: a claim that comes late (a busy machine, a
 * slow round trip) is charged from when the pace allowed it, up to this long ago, rather than from
 * now, so lateness is not lost for good. Measured without it: three workers on a loaded two-core
 * machine gave the gateway 82 segments a second at a pace of 100. The price is a burst of at most
 * this much sending after an idle spell.
 */
const CATCH_UP_MS = 500;

/** Charges the account's pace with `ms` of sending (segments ÷ pace), from when it was next free (or now, after idling). */
export async function chargeSharedPace(db: Kysely<Database>, ms: number, now: Date): Promise<void> {
  if (ms <= 0) return;
  await runWrite(
    db,
    `insert into send_pace (account, next_free_ms, updated_at) values (?, ${NOW_MS} + ?, ?)
     on conflict (account) do update
     set next_free_ms = greatest(send_pace.next_free_ms, ${NOW_MS} - ?) + ?, updated_at = excluded.updated_at`,
    [GATEWAY_ACCOUNT, ms, now.toISOString(), CATCH_UP_MS, ms],
  );
}
