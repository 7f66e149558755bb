import type { Kysely } from 'kysely';
import { listPlaceholders, runBulkSql } from '../bulk-sql.js';
import type { Database } from '../schema.js';

/**
 * Of these campaigns, those whose claimed rows may still go out now: running, and in quiet hours
 * not promotional. Rows claimed ahead of their call are checked against it just before the call,
 * so a pause or a cancel that landed meanwhile still stops them.
 */
export async function sendableCampaignIds(
  db: Kysely<Database>,
  ids: readonly number[],
  options: { holdPromotional: boolean },
): Promise<Set<number>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const rows = await runBulkSql<{ id: number }>(
    db,
    `select id from campaigns where id in (${listPlaceholders(unique.length)}) and state = 'running'
     ${options.holdPromotional ? "and purpose <> 'promotional'" : ''}`,
    unique,
  );
  return new Set(rows.map((row) => row.id));
}

/** Whether any campaign is running (one may be waiting for its last rows to settle to complete). */
export async function anyCampaignRunning(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('campaigns').select('id').where('state', '=', 'running').limit(1).executeTakeFirst();
  return row !== undefined;
}
