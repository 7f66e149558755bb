import type { Kysely } from 'kysely';
import { floatType } from './portable.js';

/**
 * What several processes on one database share beyond the messages themselves:
 * - `send_pace`: the account's one pace, a token bucket every worker charges in its claim;
 * - `leases`: chores only one process does at a time (the gateway list walk, preparing campaigns),
 *   taken over when the holder stops renewing;
 * - `sign_in_failures` / `sign_in_trust`: sign-in limits every server applies alike.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('send_pace')
    .addColumn('account', 'text', (c) => c.primaryKey())
    // Epoch milliseconds (database clock) from which the next call may go without exceeding the pace.
    .addColumn('next_free_ms', floatType(db), (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sign_in_failures')
    // 'address' or 'username'
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sign_in_failures_pk', ['kind', 'key'])
    .execute();
  await db.schema.createIndex('sign_in_failures_last').on('sign_in_failures').column('last_failure_at').execute();

  await db.schema
    .createTable('sign_in_trust')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('signed_in_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sign_in_trust_pk', ['username', 'address'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['sign_in_trust', 'sign_in_failures', 'leases', 'send_pace']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
