import type { Kysely } from 'kysely';
import type { DeliveryState } from '../../gateway/types.js';
import { listPlaceholders, runBulkSql, typedValuesPlaceholders } from '../bulk-sql.js';
import { indexedBy, notIndexed } from '../planner-hints.js';
import { chunks } from '../chunks.js';
import type { Database } from '../schema.js';
import { writeTransaction } from '../write-transaction.js';
import { runWrite } from '../bulk-sql.js';

export interface DeliveryUpdate {
  id: number;
  uid: string;
  state: DeliveryState;
  /** The gateway's raw status text, kept verbatim. */
  status: string | undefined;
  /** When to look again while the message is still pending. */
  nextCheckAt: Date;
}

export interface DeliveryResult {
  delivered: number;
  failed: number;
  /** Rows whose raw status changed without reaching a final state. */
  updated: number;
}

/** Rows per statement, far below SQLite's parameter limit. */
const ROWS_PER_STATEMENT = 200;

/** The row is still the one the report is about: accepted, with that uid. `+state`: found by id. */
function sameRow(db: Kysely<Database>): string {
  return (
    `outbox_messages.id = v.column1 and ${notIndexed(db, 'outbox_messages.state')} = 'accepted' ` +
    'and outbox_messages.gateway_uid = v.column2'
  );
}

/**
 * Writes delivery reports for accepted rows, in one transaction and one statement per kind of
 * report: delivered / failed are final (final_at set, tracking ends); pending or unreadable
 * statuses only refresh the raw status and the next check, and only when the status changed. A
 * row that is no longer `accepted`, or whose uid changed, is left alone.
 */
export async function updateDelivery(
  db: Kysely<Database>,
  updates: readonly DeliveryUpdate[],
  options: { now: Date },
): Promise<DeliveryResult> {
  const nowIso = options.now.toISOString();
  const result: DeliveryResult = { delivered: 0, failed: 0, updated: 0 };
  if (updates.length === 0) return result;
  const delivered = updates.filter((u) => u.state === 'delivered');
  const failed = updates.filter((u) => u.state === 'failed');
  const pending = updates.filter((u) => u.state !== 'delivered' && u.state !== 'failed');
  await writeTransaction(db, async (trx) => {
    const SAME_ROW = sameRow(trx);
    for (const part of chunks(delivered, ROWS_PER_STATEMENT)) {
      result.delivered += await runWrite(
        trx,
        `update outbox_messages set state = 'delivered', gateway_status = v.column3, final_at = ?, next_check_at = null,
           error_code = null, error_message = null, updated_at = ?
         from (values ${typedValuesPlaceholders(part.length, ['integer', 'text', 'text'])}) as v where ${SAME_ROW}`,
        [nowIso, nowIso, ...part.flatMap((u) => [u.id, u.uid, u.status ?? null])],
      );
    }
    for (const part of chunks(failed, ROWS_PER_STATEMENT)) {
      result.failed += await runWrite(
        trx,
        `update outbox_messages set state = 'failed', gateway_status = v.column3, final_at = ?, next_check_at = null,
           error_code = 'undelivered', error_message = 'The gateway reported: ' || coalesce(v.column3, 'failed'), updated_at = ?
         from (values ${typedValuesPlaceholders(part.length, ['integer', 'text', 'text'])}) as v where ${SAME_ROW}`,
        [nowIso, nowIso, ...part.flatMap((u) => [u.id, u.uid, u.status ?? null])],
      );
    }
    for (const part of chunks(pending, ROWS_PER_STATEMENT)) {
      result.updated += await runWrite(
        trx,
        `update outbox_messages set gateway_status = v.column3, next_check_at = v.column4, updated_at = ?
         from (values ${typedValuesPlaceholders(part.length, ['integer', 'text', 'text', 'text'])}) as v
         where ${SAME_ROW} and outbox_messages.gateway_status is distinct from v.column3`,
        [nowIso, ...part.flatMap((u) => [u.id, u.uid, u.status ?? null, u.nextCheckAt.toISOString()])],
      );
    }
  });
  return result;
}

/** An accepted row whose delivery is still followed, as a list walk finds it by uid. */
export interface TrackedRow {
  id: number;
  uid: string;
  status: string | null;
  sentAt: string | null;
  /** Last change of the row (ISO): tells rows tracked before a walk from those accepted during it. */
  updatedAt: string;
}

/** Of these gateway uids, those carried by accepted rows still tracked (one page of a list walk). */
export async function trackedRowsByUid(db: Kysely<Database>, uids: readonly string[]): Promise<TrackedRow[]> {
  const found: TrackedRow[] = [];
  for (const part of chunks(uids, ROWS_PER_STATEMENT)) {
    const rows = await runBulkSql<{
      id: number;
      gateway_uid: string;
      gateway_status: string | null;
      sent_at: string | null;
      updated_at: string;
    }>(
      db,
      // INDEXED BY: with a couple of hundred uids the planner would rather walk every tracked row.
      `select id, gateway_uid, gateway_status, sent_at, updated_at from outbox_messages ${indexedBy(db, 'outbox_gateway_uid')}
       where gateway_uid in (${listPlaceholders(part.length)}) and state = 'accepted' and next_check_at is not null`,
      part,
    );
    for (const row of rows) {
      found.push({ id: row.id, uid: row.gateway_uid, status: row.gateway_status, sentAt: row.sent_at, updatedAt: row.updated_at });
    }
  }
  return found;
}

export interface TrackedSummary {
  /** Accepted rows with a uid, still tracked, sent since `sentSince`. */
  count: number;
  /** The oldest send time among them (ISO), or null. */
  oldestSentAt: string | null;
}

/** How many tracked rows a list walk should meet, and how far back the oldest was sent. */
export async function summariseTracked(db: Kysely<Database>, options: { sentSince: Date }): Promise<TrackedSummary> {
  const [row] = await runBulkSql<{ n: number; oldest: string | null }>(
    db,
    `select count(*) as n, min(sent_at) as oldest from outbox_messages
     where state = 'accepted' and next_check_at is not null and gateway_uid is not null and sent_at >= ?`,
    [options.sentSince.toISOString()],
  );
  return { count: Number(row?.n ?? 0), oldestSentAt: row?.oldest ?? null };
}

export interface DueCheck {
  id: number;
  uid: string;
  sentAt: string | null;
}

/** Accepted rows with a uid whose next delivery check is due (optionally only those sent before `sentBefore`), soonest first. */
export async function dueDeliveryChecks(
  db: Kysely<Database>,
  options: { now: Date; trackSince: Date; sentBefore?: Date; limit: number },
): Promise<DueCheck[]> {
  if (options.limit <= 0) return [];
  let query = db
    .selectFrom('outbox_messages')
    .select(['id', 'gateway_uid', 'sent_at'])
    .where('state', '=', 'accepted')
    .where('next_check_at', '<=', options.now.toISOString())
    .where('gateway_uid', 'is not', null)
    .where('sent_at', '>=', options.trackSince.toISOString());
  if (options.sentBefore !== undefined) query = query.where('sent_at', '<', options.sentBefore.toISOString());
  const rows = await query.orderBy('next_check_at').limit(options.limit).execute();
  return rows.map((row) => ({ id: row.id, uid: row.gateway_uid ?? '', sentAt: row.sent_at }));
}

/** How many accepted rows are still tracked (a uid or not); decides between list walks and per-uid checks. */
export async function countTracked(db: Kysely<Database>, options: { trackSince: Date }): Promise<number> {
  const row = await db
    .selectFrom('outbox_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'accepted')
    .where('next_check_at', 'is not', null)
    .where('sent_at', '>=', options.trackSince.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function scheduleDeliveryCheck(db: Kysely<Database>, id: number, at: Date): Promise<void> {
  await db
    .updateTable('outbox_messages')
    .set({ next_check_at: at.toISOString() })
    .where('id', '=', id)
    .where('state', '=', 'accepted')
    .execute();
}

/**
 * Gives up tracking rows sent before `trackSince` (72 h ago), and rows without a uid sent before
 * `uidlessSince`: a uid the list has not shown by then is not coming, and looking for it would keep
 * every list walk reaching far back. They stay accepted, unchecked.
 */
export async function stopTrackingOld(db: Kysely<Database>, options: { trackSince: Date; uidlessSince?: Date }): Promise<number> {
  const trackSince = options.trackSince.toISOString();
  const uidlessSince = (options.uidlessSince ?? options.trackSince).toISOString();
  const result = await db
    .updateTable('outbox_messages')
    .set({ next_check_at: null })
    .where('state', '=', 'accepted')
    .where('next_check_at', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('sent_at', '<', trackSince),
        eb('sent_at', 'is', null),
        eb.and([eb('gateway_uid', 'is', null), eb('sent_at', '<', uidlessSince)]),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
