import type { Kysely } from 'kysely';
import { listPlaceholders, runBulkSql } from '../bulk-sql.js';
import type { OutboxMessage } from '../messaging-tables.js';
import type { Database } from '../schema.js';
import { writeTransaction } from '../write-transaction.js';
import { runWrite } from '../bulk-sql.js';
import { isPostgres } from '../dialect.js';
import { indexedBy, notIndexed, queuedOrder } from '../planner-hints.js';

export interface ClaimOptions {
  /** Written into claimed_by: whose request the rows now wait on. */
  workerId: string;
  now: Date;
  /** Most rows for one call (≤ 50). */
  limit: number;
  /**
   * One-offs are claimed only when at least this many are due (capped at `limit`); fewer wait,
   * counted in `oneOffsWaiting`, while campaign rows are claimed. Default 1: what is due goes.
   */
  minOneOffs?: number;
  /** Quiet hours: promotional rows are not claimed. */
  holdPromotional: boolean;
}

/** What sending a claimed row needs of it (the columns a claim reads back: fewer is faster). */
export type ClaimedRow = Pick<OutboxMessage, 'id' | 'campaign_id' | 'phone' | 'body' | 'type' | 'segments' | 'priority' | 'attempts'>;

export interface ClaimedBatch {
  /**
   * How the rows go out, always in one call: 'single' for a lone one-off row (the single-send
   * endpoint, whose answer is documented), 'bulk' for campaign rows and for several one-offs.
   */
  kind: 'single' | 'bulk';
  /** Rows now in `sending`, claimed by the worker, attempts counted. */
  rows: ClaimedRow[];
  /** Due rows whose customer had opted out: moved to `skipped` instead. */
  skipped: number;
  /** Due one-offs left for a fuller call (fewer than `minOneOffs`). */
  oneOffsWaiting: number;
}

/**
 * Step 2 of the exactly-once guarantee: in ONE write transaction, committed before any request,
 * picks the next due rows and moves them `queued → sending` with the worker's id, the claim time
 * and attempts + 1. A crash after this commit leaves the rows in `sending`, where the orphan check
 * finds them; it can never leave a row that was sent looking unsent.
 *
 * - One-off messages (no campaign) go first: they are transactional. A lone one goes by itself at
 *   once; when several are due they share a bulk call, as campaign rows do, so a busy till does not
 *   spend one call of the account's limit per SMS. The worker may ask for a fuller call
 *   (`minOneOffs`): then fewer due one-offs wait, and it asks again without that a moment later.
 * - Campaign rows are taken only from running campaigns (paused, draft, scheduled and cancelled
 *   ones are never claimed), older campaigns first, in id order, walking the (campaign_id, state)
 *   index so a claim costs the same with a million rows queued.
 * - In quiet hours promotional rows stay queued.
 * - Opt-out is checked in the same transaction: an opt-out that lands while a row waits is honoured.
 * - Inside the caller's transaction when `db` is one: the worker records answers and claims the
 *   next batches in one commit.
 * - On PostgreSQL, where workers claim side by side, the due rows are read `for update skip locked`
 *   (as graphile-worker and pg-boss do): a row another worker is claiming is passed over rather
 *   than waited for, and the `state = 'queued'` recheck of the update means no row is claimed twice.
 *   SQLite runs one write transaction at a time, so there is nothing to skip.
 */
export async function claimBatch(db: Kysely<Database>, options: ClaimOptions): Promise<ClaimedBatch> {
  const nowIso = options.now.toISOString();
  return writeTransaction(db, async (trx) => {
    const due = await dueOneOffs(trx, nowIso, options.limit, options.holdPromotional);
    const oneOffsWaiting = due.length < Math.min(options.minOneOffs ?? 1, options.limit) ? due.length : 0;
    const oneOffs = oneOffsWaiting > 0 ? [] : due;
    const candidates = oneOffs.length > 0 ? oneOffs : await dueCampaignRows(trx, nowIso, options.limit, options.holdPromotional);
    const skipIds = candidates.filter((row) => row.opted_out).map((row) => row.id);
    const claimIds = candidates.filter((row) => !row.opted_out).map((row) => row.id);
    if (skipIds.length > 0) await skipRows(trx, skipIds, nowIso);
    const rows = claimIds.length === 0 ? [] : await markSending(trx, claimIds, options.workerId, nowIso);
    rows.sort((a, b) => b.priority - a.priority || a.id - b.id);
    const kind = oneOffs.length > 0 && rows.length === 1 ? 'single' : 'bulk';
    return { kind, rows, skipped: skipIds.length, oneOffsWaiting };
  });
}

interface Candidate {
  id: number;
  phone: string;
  /** 1 when the customer has opted out (read in the claiming transaction). */
  opted_out: number;
}

const OPTED_OUT = `exists (select 1 from contacts c where c.phone = o.phone and c.opted_out_at is not null) as opted_out`;

async function dueOneOffs(db: Kysely<Database>, nowIso: string, limit: number, holdPromotional: boolean): Promise<Candidate[]> {
  if (limit <= 0) return [];
  // INDEXED BY: left to itself the planner walks every queued row (a million campaign rows) for
  // the sake of the ORDER BY; one-offs are few, sorting them is cheap.
  return runBulkSql<Candidate>(
    db,
    `select o.id, o.phone, ${OPTED_OUT} from outbox_messages o ${indexedBy(db, 'outbox_campaign_state')}
     where o.campaign_id is null and o.state = 'queued' and o.next_attempt_at <= ? ${holdPromotional ? 'and o.promotional = 0' : ''}
     order by o.priority desc, o.id limit ? ${skipLocked(db)}`,
    [nowIso, limit],
  );
}

async function dueCampaignRows(db: Kysely<Database>, nowIso: string, limit: number, holdPromotional: boolean): Promise<Candidate[]> {
  const running = await runBulkSql<{ id: number }>(
    db,
    `select id from campaigns where state = 'running' ${holdPromotional ? "and purpose <> 'promotional'" : ''} order by id`,
    [],
  );
  const picked: Candidate[] = [];
  for (const campaign of running) {
    if (picked.length >= limit) break;
    const rows = await runBulkSql<Candidate>(db, campaignCandidatesSql(db, holdPromotional), [campaign.id, nowIso, limit - picked.length]);
    picked.push(...rows);
  }
  return picked;
}

/**
 * One campaign's next due rows in id order, with whether each customer opted out; parameters:
 * campaign id, now, how many. Exported for the test of its plan on PostgreSQL.
 */
export function campaignCandidatesSql(db: Kysely<Database>, holdPromotional: boolean): string {
  return `select o.id, o.phone, ${OPTED_OUT} from outbox_messages o
     where o.campaign_id = ? and o.state = 'queued' and o.next_attempt_at <= ? ${holdPromotional ? 'and o.promotional = 0' : ''}
     order by ${queuedOrder(db, 'o.id')} limit ? ${skipLocked(db)}`;
}

function skipLocked(db: Kysely<Database>): string {
  return isPostgres(db) ? 'for update of o skip locked' : '';
}

// `+state`: look the ids up by primary key, not via every queued row.
async function skipRows(db: Kysely<Database>, ids: readonly number[], nowIso: string): Promise<void> {
  await runWrite(
    db,
    `update outbox_messages set state = 'skipped', error_code = 'opted_out',
       error_message = 'The customer opted out before the message was sent', final_at = ?, updated_at = ?
     where id in (${listPlaceholders(ids.length)}) and ${notIndexed(db, 'state')} = 'queued'`,
    [nowIso, nowIso, ...ids],
  );
}

async function markSending(db: Kysely<Database>, ids: readonly number[], workerId: string, nowIso: string): Promise<ClaimedRow[]> {
  return runBulkSql<ClaimedRow>(
    db,
    `update outbox_messages set state = 'sending', claimed_by = ?, claimed_at = ?, attempts = attempts + 1, updated_at = ?
     where id in (${listPlaceholders(ids.length)}) and ${notIndexed(db, 'state')} = 'queued'
     returning id, campaign_id, phone, body, type, segments, priority, attempts`,
    [workerId, nowIso, nowIso, ...ids],
  );
}
