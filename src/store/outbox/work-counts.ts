import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { indexedBy } from '../planner-hints.js';
import type { Database } from '../schema.js';

export interface OutstandingWork {
  /**
   * Zero when no queued row may be claimed, now or after its retry delay; otherwise a lower bound
   * (one-off rows counted, each running campaign with queued rows counted once — counting a
   * million-row campaign exactly would cost a scan).
   */
  sendable: number;
  sending: number;
  unknown: number;
  /** Running, paused or due scheduled campaigns whose recipients are not all in the outbox yet. */
  campaignsToMaterialise: number;
}

/**
 * What is left for the worker to do. "Sendable" leaves out rows it must not send now whatever
 * happens: paused, draft, scheduled-in-the-future and cancelled campaigns, and promotional rows in
 * quiet hours.
 */
export async function outstandingWork(db: Kysely<Database>, options: { now: Date; holdPromotional: boolean }): Promise<OutstandingWork> {
  const nowIso = options.now.toISOString();
  const oneOffs = await sql<{ n: number }>`
    select count(*) as n from outbox_messages ${sql.raw(indexedBy(db, 'outbox_campaign_state'))}
    where campaign_id is null and state = 'queued' ${options.holdPromotional ? sql`and promotional = 0` : sql``}`.execute(db);
  let campaigns = db.selectFrom('campaigns').select('id').where('state', '=', 'running');
  if (options.holdPromotional) campaigns = campaigns.where('purpose', '<>', 'promotional');
  const running = await campaigns.execute();
  let sendable = Number(oneOffs.rows[0]?.n ?? 0);
  for (const campaign of running) {
    const row = await db
      .selectFrom('outbox_messages')
      .select('id')
      .where('campaign_id', '=', campaign.id)
      .where('state', '=', 'queued')
      .limit(1)
      .executeTakeFirst();
    if (row !== undefined) sendable += 1;
  }
  const inFlight = await db
    .selectFrom('outbox_messages')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('state', 'in', ['sending', 'unknown'])
    .groupBy('state')
    .execute();
  const count = (state: string) => Number(inFlight.find((r) => r.state === state)?.n ?? 0);
  const toMaterialise = await db
    .selectFrom('campaigns')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('enqueued_at', 'is', null)
    .where((eb) =>
      eb.or([eb('state', 'in', ['running', 'paused']), eb.and([eb('state', '=', 'scheduled'), eb('scheduled_at', '<=', nowIso)])]),
    )
    .executeTakeFirstOrThrow();
  return { sendable, sending: count('sending'), unknown: count('unknown'), campaignsToMaterialise: Number(toMaterialise.n) };
}

/**
 * Promotional messages that quiet hours hold back: queued rows of running promotional campaigns
 * and promotional one-offs. Counted once when a worker stops, to say what waits for the morning.
 */
export async function countPromotionalQueued(db: Kysely<Database>): Promise<number> {
  const oneOffs = await sql<{ n: number }>`
    select count(*) as n from outbox_messages ${sql.raw(indexedBy(db, 'outbox_campaign_state'))}
    where campaign_id is null and state = 'queued' and promotional = 1`.execute(db);
  const campaigns = await sql<{ n: number }>`
    select count(*) as n from campaigns c join outbox_messages o on o.campaign_id = c.id and o.state = 'queued'
    where c.state = 'running' and c.purpose = 'promotional'`.execute(db);
  return Number(oneOffs.rows[0]?.n ?? 0) + Number(campaigns.rows[0]?.n ?? 0);
}
