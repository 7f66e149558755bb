import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Keys the worker keeps in sync_state. */
export const SYNC_KEYS = Object.freeze({
  /** Every inbound message created before this time (ISO, our clock) has been read from the list. */
  inboundWatermark: 'inbound_watermark',
  /**
   * JSON { uid, createdAt } of the newest record the last complete walk met: everything listed
   * above it is new. Positions in the list need no clock, so the next walk can stop right below it
   * instead of reading back the whole clock-skew margin.
   */
  inboundAnchor: 'inbound_anchor',
} as const);

export async function readSyncValue(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('sync_state').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function writeSyncValue(db: Kysely<Database>, key: string, value: string, now: Date): Promise<void> {
  const nowIso = now.toISOString();
  await db
    .insertInto('sync_state')
    .values({ key, value, updated_at: nowIso })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: nowIso }))
    .execute();
}
