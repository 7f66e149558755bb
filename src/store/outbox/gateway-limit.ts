import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
// The limit belongs to the same account as the shared pace: one per database (or schema).
import { GATEWAY_ACCOUNT as ACCOUNT } from './shared-pace.js';

/** The call limit (calls a second) learned last, or undefined before the gateway ever throttled us. */
export async function readGatewayCallLimit(db: Kysely<Database>): Promise<number | undefined> {
  const row = await db.selectFrom('gateway_limit').select('calls_per_second').where('account', '=', ACCOUNT).executeTakeFirst();
  return row?.calls_per_second;
}

/** Remembers a call limit the worker learned, for the next run. */
export async function saveGatewayCallLimit(db: Kysely<Database>, callsPerSecond: number, now: Date): Promise<void> {
  const learnedAt = now.toISOString();
  await db
    .insertInto('gateway_limit')
    .values({ account: ACCOUNT, calls_per_second: callsPerSecond, learned_at: learnedAt })
    .onConflict((oc) => oc.column('account').doUpdateSet({ calls_per_second: callsPerSecond, learned_at: learnedAt }))
    .execute();
}
