import type { Kysely } from 'kysely';
import { floatType } from './portable.js';

/**
 * `gateway_limit`: the gateway's call limit as the worker learned it by being throttled (the
 * platform does not announce it), so that the next run starts under it rather than finding it again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('gateway_limit')
    .addColumn('account', 'text', (c) => c.primaryKey())
    .addColumn('calls_per_second', floatType(db), (c) => c.notNull())
    .addColumn('learned_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('gateway_limit').execute();
}
