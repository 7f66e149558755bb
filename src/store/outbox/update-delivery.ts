import type { Kysely } from 'kysely';
import type { DeliveryState } from '../../gateway/types.js';
import type { Database } from '../schema.js';
import { writeTransaction } from '../write-transaction.js';

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

/**
 * Writes delivery reports for accepted rows, in one transaction: delivered / failed are final
 * (final_at set, tracking ends); pending or unreadable statuses only refresh the raw status and the
 * next check. A row that is no longer `accepted`, or whose uid changed, is left alone.
 */
export async function updateDelivery(
  db: Kysely<Database>,
  updates: readonly DeliveryUpdate[],
  options: { now: Date },
): Promise<DeliveryResult> {
  const nowIso = options.now.toISOString();
  const result: DeliveryResult = { delivered: 0, failed: 0, updated: 0 };
  if (updates.length === 0) return result;
  await writeTransaction(db, async (trx) => {
    for (const update of updates) {
      const row = trx
        .updateTable('outbox_messages')
        .where('id', '=', update.id)
        .where('state', '=', 'accepted')
        .where('gateway_uid', '=', update.uid);
      if (update.state === 'delivered' || update.state === 'failed') {
        const done = await row
          .set({
            state: update.state,
            gateway_status: update.status ?? null,
            final_at: nowIso,
            next_check_at: null,
            error_code: update.state === 'failed' ? 'undelivered' : null,
            error_message: update.state === 'failed' ? `The gateway reported: ${update.status ?? 'failed'}` : null,
            updated_at: nowIso,
          })
          .executeTakeFirst();
        result[update.state] += Number(done.numUpdatedRows);
        continue;
      }
      const changed = await row
        .set({ gateway_status: update.status ?? null, next_check_at: update.nextCheckAt.toISOString(), updated_at: nowIso })
        .where('gateway_status', 'is not', update.status ?? null)
        .executeTakeFirst();
      result.updated += Number(changed.numUpdatedRows);
    }
  });
  return result;
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
export async function stopTrackingOld(
  db: Kysely<Database>,
  options: { trackSince: Date; uidlessSince?: Date },
): Promise<number> {
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
