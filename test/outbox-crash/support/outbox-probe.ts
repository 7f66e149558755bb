import { setTimeout as delay } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/store/index.js';

/** Outbox rows of a campaign in each state, read straight from the database. */
export async function rowStates(db: Kysely<Database>, campaignId: number): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('outbox_messages')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('campaign_id', '=', campaignId)
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
}

/** Rows of a campaign that were ever claimed (attempts counted), whatever became of them. */
export async function claimedRows(db: Kysely<Database>, campaignId: number): Promise<number> {
  const row = await db
    .selectFrom('outbox_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where('attempts', '>', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The state of each listed phone's row in a campaign. */
export async function rowStateByPhone(db: Kysely<Database>, campaignId: number, phones: readonly string[]): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('outbox_messages')
    .select(['phone', 'state'])
    .where('campaign_id', '=', campaignId)
    .where('phone', 'in', [...phones])
    .execute();
  return new Map(rows.map((row) => [row.phone, row.state]));
}

/** Polls `check` every 20 ms until it answers true; rejects with `what` after `timeoutMs`. */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await delay(20);
  }
}

/** States in which a row still owes a send or a verdict. */
export const UNSETTLED = ['queued', 'sending', 'unknown'] as const;

/** How many rows of these counts are still unsettled. */
export function unsettled(counts: Readonly<Record<string, number>>): number {
  return UNSETTLED.reduce((sum, state) => sum + (counts[state] ?? 0), 0);
}
