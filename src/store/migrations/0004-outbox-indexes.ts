import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Every change of a message's state rewrote an entry in each index that starts with `state`;
 * two did (outbox_due and outbox_tracking), and a campaign changes the state of each of its rows
 * at least twice. No query needs outbox_due any more — claims walk (campaign_id, state), and the
 * queries by state alone are served by outbox_tracking (state, next_check_at) — so it goes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists outbox_due`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('outbox_due').ifNotExists().on('outbox_messages').columns(['state', 'priority', 'next_attempt_at']).execute();
}
