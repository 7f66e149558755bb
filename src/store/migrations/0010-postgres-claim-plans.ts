import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { isPostgres } from '../dialect.js';

/**
 * PostgreSQL: claims whose plan does not hang on the table's statistics.
 *
 * - Once `outbox_messages` is analysed while a campaign is half sent, PostgreSQL reckons that
 *   walking the primary key and filtering finds the campaign's next queued rows soonest, and walks
 *   past every row already sent: 15 ms a claim at 50,000 sent of 100,000, growing with the campaign.
 *   The claim orders by `id + 0` (planner-hints.ts, `queuedOrder`), an order the primary key cannot
 *   give and this index can, so it is the index of queued rows whatever the statistics say: 0.1 ms.
 *   It replaces 0008's index of the same rows in plain id order.
 * - The claim's opt-out check looked for opted-out customers by scanning every contact (6 ms a
 *   claim at 100,000); the opted-out are few, and an index of their phones makes it 0.004 ms.
 *
 * SQLite needs neither: its planner follows the hints claim-batch.ts gives it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create index outbox_campaign_queued_order on outbox_messages (campaign_id, (id + 0)) where state = 'queued'`.execute(db);
  await sql`drop index if exists outbox_campaign_queued`.execute(db);
  await sql`create index contacts_opted_out on contacts (phone) where opted_out_at is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop index if exists contacts_opted_out`.execute(db);
  await sql`create index if not exists outbox_campaign_queued on outbox_messages (campaign_id, id) where state = 'queued'`.execute(db);
  await sql`drop index if exists outbox_campaign_queued_order`.execute(db);
}
