import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { addIdColumn } from './portable.js';

/** Campaigns, the durable outbox, worker heartbeats, inbound messages and sync watermarks. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await addIdColumn(db, db.schema.createTable('campaigns'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('text', 'image')`))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('promotional', 'transactional')`))
    .addColumn('audience_tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('opt_out_text', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'text')
    .addColumn('enqueue_cursor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enqueued_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('cancelled_at', 'text')
    .execute();
  await db.schema.createIndex('campaigns_state').on('campaigns').columns(['state', 'scheduled_at']).execute();

  await addIdColumn(db, db.schema.createTable('outbox_messages'))
    .addColumn('campaign_id', 'integer', (c) => c.references('campaigns.id').onDelete('cascade'))
    .addColumn('contact_id', 'integer', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text', (c) => c.notNull())
    .addColumn('segments', 'integer', (c) => c.notNull())
    .addColumn('promotional', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_at', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('unknown_since', 'text')
    .addColumn('gateway_uid', 'text')
    .addColumn('gateway_status', 'text')
    .addColumn('next_check_at', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('final_at', 'text')
    .execute();
  // One message per contact per campaign, whatever restarts or re-runs of materialising happen.
  await sql`create unique index outbox_campaign_phone on outbox_messages (campaign_id, phone) where campaign_id is not null`.execute(db);
  await sql`create unique index outbox_gateway_uid on outbox_messages (gateway_uid) where gateway_uid is not null`.execute(db);
  await sql`create unique index outbox_idempotency_key on outbox_messages (idempotency_key) where idempotency_key is not null`.execute(db);
  await db.schema.createIndex('outbox_due').on('outbox_messages').columns(['state', 'priority', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_campaign_state').on('outbox_messages').columns(['campaign_id', 'state']).execute();
  await db.schema.createIndex('outbox_tracking').on('outbox_messages').columns(['state', 'next_check_at']).execute();
  await db.schema.createIndex('outbox_created').on('outbox_messages').columns(['created_at']).execute();

  await db.schema
    .createTable('workers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('hostname', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('heartbeat_at', 'text', (c) => c.notNull())
    .addColumn('stopped_at', 'text')
    .addColumn('snapshot', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();

  await addIdColumn(db, db.schema.createTable('inbound_messages'))
    .addColumn('gateway_uid', 'text', (c) => c.notNull().unique())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'integer', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('action', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inbound_received').on('inbound_messages').columns(['received_at']).execute();

  await db.schema
    .createTable('sync_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['sync_state', 'inbound_messages', 'workers', 'outbox_messages', 'campaigns']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
