import { sql, type Kysely } from 'kysely';
import type { OutboxMessage } from '../messaging-tables.js';
import type { Database } from '../schema.js';
import { writeTransaction } from '../write-transaction.js';

export interface ClaimOptions {
  /** Written into claimed_by: whose request the rows now wait on. */
  workerId: string;
  now: Date;
  /** Most campaign rows for one bulk call (≤ 50). */
  limit: number;
  /** Most one-off rows; each becomes its own single-send call. */
  singleLimit: number;
  /** Quiet hours: promotional rows are not claimed. */
  holdPromotional: boolean;
}

export interface ClaimedBatch {
  /** 'single': one-off rows, one call each; 'bulk': campaign rows for one bulk call. */
  kind: 'single' | 'bulk';
  /** Rows now in `sending`, claimed by the worker, attempts counted. */
  rows: OutboxMessage[];
  /** Due rows whose customer had opted out: moved to `skipped` instead. */
  skipped: number;
}

/**
 * Step 2 of the exactly-once guarantee: in ONE write transaction, committed before any request,
 * picks the next due rows and moves them `queued → sending` with the worker's id, the claim time
 * and attempts + 1. A crash after this commit leaves the rows in `sending`, where the orphan check
 * finds them; it can never leave a row that was sent looking unsent.
 *
 * - One-off messages (no campaign) go first: they are transactional and each is its own call.
 * - Campaign rows are taken only from running campaigns (paused, draft, scheduled and cancelled
 *   ones are never claimed), older campaigns first, in id order, walking the (campaign_id, state)
 *   index so a claim costs the same with a million rows queued.
 * - In quiet hours promotional rows stay queued.
 * - Opt-out is checked in the same transaction: an opt-out that lands while a row waits is honoured.
 */
export async function claimBatch(db: Kysely<Database>, options: ClaimOptions): Promise<ClaimedBatch> {
  const nowIso = options.now.toISOString();
  return writeTransaction(db, async (trx) => {
    const singles = await dueOneOffs(trx, nowIso, options.singleLimit, options.holdPromotional);
    const kind = singles.length > 0 ? 'single' : 'bulk';
    const candidates = kind === 'single' ? singles : await dueCampaignRows(trx, nowIso, options.limit, options.holdPromotional);
    if (candidates.length === 0) return { kind, rows: [], skipped: 0 };
    const optedOut = await optedOutPhones(trx, candidates.map((row) => row.phone));
    const skipIds = candidates.filter((row) => optedOut.has(row.phone)).map((row) => row.id);
    const claimIds = candidates.filter((row) => !optedOut.has(row.phone)).map((row) => row.id);
    if (skipIds.length > 0) await skipRows(trx, skipIds, nowIso);
    const rows = claimIds.length === 0 ? [] : await markSending(trx, claimIds, options.workerId, nowIso);
    rows.sort((a, b) => b.priority - a.priority || a.id - b.id);
    return { kind, rows, skipped: skipIds.length };
  });
}

interface Candidate {
  id: number;
  phone: string;
}

async function dueOneOffs(db: Kysely<Database>, nowIso: string, limit: number, holdPromotional: boolean): Promise<Candidate[]> {
  if (limit <= 0) return [];
  // INDEXED BY: left to itself the planner walks every queued row (a million campaign rows) for
  // the sake of the ORDER BY; one-offs are few, sorting them is cheap.
  const result = await sql<Candidate>`
    select id, phone from outbox_messages indexed by outbox_campaign_state
    where campaign_id is null and state = 'queued' and next_attempt_at <= ${nowIso}
      ${holdPromotional ? sql`and promotional = 0` : sql``}
    order by priority desc, id
    limit ${limit}`.execute(db);
  return result.rows;
}

async function dueCampaignRows(db: Kysely<Database>, nowIso: string, limit: number, holdPromotional: boolean): Promise<Candidate[]> {
  let campaigns = db.selectFrom('campaigns').select('id').where('state', '=', 'running');
  if (holdPromotional) campaigns = campaigns.where('purpose', '<>', 'promotional');
  const running = await campaigns.orderBy('id').execute();
  const picked: Candidate[] = [];
  for (const campaign of running) {
    if (picked.length >= limit) break;
    let query = db
      .selectFrom('outbox_messages')
      .select(['id', 'phone'])
      .where('campaign_id', '=', campaign.id)
      .where('state', '=', 'queued')
      .where('next_attempt_at', '<=', nowIso);
    if (holdPromotional) query = query.where('promotional', '=', 0);
    picked.push(...(await query.orderBy('id').limit(limit - picked.length).execute()));
  }
  return picked;
}

async function optedOutPhones(db: Kysely<Database>, phones: readonly string[]): Promise<Set<string>> {
  const rows = await db
    .selectFrom('contacts')
    .select('phone')
    .where('phone', 'in', [...new Set(phones)])
    .where('opted_out_at', 'is not', null)
    .execute();
  return new Set(rows.map((row) => row.phone));
}

async function skipRows(db: Kysely<Database>, ids: readonly number[], nowIso: string): Promise<void> {
  await db
    .updateTable('outbox_messages')
    .set({
      state: 'skipped',
      error_code: 'opted_out',
      error_message: 'The customer opted out before the message was sent',
      final_at: nowIso,
      updated_at: nowIso,
    })
    .where('id', 'in', ids)
    .where(sql<string>`+state`, '=', 'queued') // `+`: look the ids up by primary key, not via every queued row
    .execute();
}

async function markSending(db: Kysely<Database>, ids: readonly number[], workerId: string, nowIso: string): Promise<OutboxMessage[]> {
  return db
    .updateTable('outbox_messages')
    .set((eb) => ({
      state: 'sending',
      claimed_by: workerId,
      claimed_at: nowIso,
      attempts: eb('attempts', '+', 1),
      updated_at: nowIso,
    }))
    .where('id', 'in', ids)
    .where(sql<string>`+state`, '=', 'queued') // `+`: look the ids up by primary key, not via every queued row
    .returningAll()
    .execute();
}
