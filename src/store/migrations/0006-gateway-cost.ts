import type { Kysely } from 'kysely';
import { floatType } from './portable.js';

/**
 * The gateway's own `cost` of a message, where its answer gives one (in the account's currency
 * units). Kept per message and summed per campaign, beside our own count of SMS parts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox_messages').addColumn('gateway_cost', floatType(db)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox_messages').dropColumn('gateway_cost').execute();
}
