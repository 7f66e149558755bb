import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface TodayCounts {
  /** Handed to the gateway (accepted, delivered, or failed after being sent). */
  sent: number;
  delivered: number;
  failed: number;
  /** Still on the way: queued, sending, unknown, or accepted and not yet delivered. */
  pending: number;
}

/** Counts of the outbox rows created since `sinceIso` (the start of the cafe's day). */
export async function countMessagesSince(db: Kysely<Database>, sinceIso: string): Promise<TodayCounts> {
  const rows = await db
    .selectFrom('outbox_messages')
    .select((eb) => ['state', eb.fn.countAll<number>().as('messages'), eb.fn.count<number>('sent_at').as('sent')])
    .where('created_at', '>=', sinceIso)
    .groupBy('state')
    .execute();
  const today: TodayCounts = { sent: 0, delivered: 0, failed: 0, pending: 0 };
  for (const row of rows) {
    const messages = Number(row.messages);
    if (row.state === 'accepted' || row.state === 'delivered') today.sent += messages;
    if (row.state === 'failed') today.sent += Number(row.sent);
    if (row.state === 'delivered') today.delivered += messages;
    if (row.state === 'failed') today.failed += messages;
    if (row.state === 'queued' || row.state === 'sending' || row.state === 'unknown' || row.state === 'accepted') today.pending += messages;
  }
  return today;
}

/** Ids of campaigns still to run or running, newest first. */
export async function activeCampaignIds(db: Kysely<Database>): Promise<number[]> {
  const rows = await db
    .selectFrom('campaigns')
    .select('id')
    .where('state', 'in', ['running', 'scheduled', 'paused'])
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => row.id);
}
