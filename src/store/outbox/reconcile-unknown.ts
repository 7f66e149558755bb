import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { writeTransaction } from '../write-transaction.js';
import { busyMessageKeys, type RowAwaitingMatch } from './sync-needs.js';

export interface FoundRecord {
  row: RowAwaitingMatch;
  uid: string;
  status: string | undefined;
}

export interface ReconcilePlan {
  /** Unknown rows whose record the walk found: they were sent → `accepted` with that uid. */
  found: FoundRecord[];
  /** Accepted rows without uid whose record the walk found: the uid is attached. */
  attach: FoundRecord[];
  /** Unknown rows the walk did not find: candidates to send again once the grace period is over. */
  missing: RowAwaitingMatch[];
}

export interface ReconcileOptions {
  now: Date;
  /** When the walk began: a row is sent again only if it was missing from a list read after its grace ran out. */
  walkStartedAt: Date;
  graceMs: number;
  /** First delivery check of a row found sent. */
  nextCheckAt: Date;
}

export interface ReconcileResult {
  reconciled: number;
  attached: number;
  requeued: number;
  /** Missing rows of a campaign cancelled meanwhile: `cancelled` instead of queued again. */
  cancelled: number;
  /** Rows left for a later pass because another row with the same number and text was in flight. */
  deferred: number;
}

const keyOf = (row: { phone: string; body: string }) => `${row.phone}\u0000${row.body}`;

/**
 * Step 5 of the guarantee, the writing half (the matching is `matchRecordsToRows`). In one write
 * transaction, re-checking everything the walk assumed:
 * - a found record's uid must not have been given to another row meanwhile;
 * - a row is still in the state the walk saw (`unknown`, or accepted without uid);
 * - no row with the same number and text is in flight or was claimed during the walk (its record
 *   could be the one we saw): such rows wait for the next pass;
 * - a missing row goes back to `queued` only when it has been unknown for the whole grace period
 *   before the walk began: the gateway had every chance to list it. If its campaign was cancelled
 *   meanwhile it becomes `cancelled`, like the campaign's other unsent rows.
 */
export async function applyReconciliation(db: Kysely<Database>, plan: ReconcilePlan, options: ReconcileOptions): Promise<ReconcileResult> {
  const nowIso = options.now.toISOString();
  const requeueBefore = new Date(options.walkStartedAt.getTime() - options.graceMs).toISOString();
  return writeTransaction(db, async (trx) => {
    const busy = new Set((await busyMessageKeys(trx, options.walkStartedAt)).map(keyOf));
    const taken = await uidsInUse(
      trx,
      [...plan.found, ...plan.attach].map((f) => f.uid),
    );
    const usable = (f: FoundRecord) => !busy.has(keyOf(f.row)) && !taken.has(f.uid);
    const result: ReconcileResult = { reconciled: 0, attached: 0, requeued: 0, cancelled: 0, deferred: 0 };

    for (const found of plan.found) {
      if (!usable(found)) {
        result.deferred += 1;
        continue;
      }
      const updated = await trx
        .updateTable('outbox_messages')
        .set((eb) => ({
          state: 'accepted',
          gateway_uid: found.uid,
          gateway_status: found.status ?? null,
          sent_at: eb.fn.coalesce('sent_at', 'claimed_at'),
          unknown_since: null,
          next_check_at: options.nextCheckAt.toISOString(),
          error_code: null,
          error_message: null,
          updated_at: nowIso,
        }))
        .where('id', '=', found.row.id)
        .where('state', '=', 'unknown')
        .executeTakeFirst();
      result.reconciled += Number(updated.numUpdatedRows);
    }

    for (const found of plan.attach) {
      if (!usable(found)) continue;
      const updated = await trx
        .updateTable('outbox_messages')
        .set({ gateway_uid: found.uid, gateway_status: found.status ?? null, updated_at: nowIso })
        .where('id', '=', found.row.id)
        .where('state', '=', 'accepted')
        .where('gateway_uid', 'is', null)
        .executeTakeFirst();
      result.attached += Number(updated.numUpdatedRows);
    }

    const cancelled = await inCancelledCampaigns(
      trx,
      plan.missing.map((row) => row.id),
    );
    for (const row of plan.missing) {
      if (busy.has(keyOf(row))) {
        result.deferred += 1;
        continue;
      }
      // Never sent, and its campaign was cancelled meanwhile: it joins the campaign's other queued rows.
      const patch = cancelled.has(row.id)
        ? {
            state: 'cancelled' as const,
            final_at: nowIso,
            error_code: 'not_sent',
            error_message: "Not in the gateway's message list; the campaign was cancelled",
          }
        : {
            state: 'queued' as const,
            next_attempt_at: nowIso,
            claimed_by: null,
            error_code: 'not_sent',
            error_message: "Not in the gateway's message list after the grace period: sending it again",
          };
      const updated = await trx
        .updateTable('outbox_messages')
        .set({ ...patch, unknown_since: null, updated_at: nowIso })
        .where('id', '=', row.id)
        .where('state', '=', 'unknown')
        .where('unknown_since', '<=', requeueBefore)
        .executeTakeFirst();
      const changed = Number(updated.numUpdatedRows);
      if (cancelled.has(row.id)) result.cancelled += changed;
      else result.requeued += changed;
    }
    return result;
  });
}

async function inCancelledCampaigns(db: Kysely<Database>, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const found = new Set<number>();
  for (let start = 0; start < ids.length; start += 500) {
    const rows = await db
      .selectFrom('outbox_messages')
      .innerJoin('campaigns', 'campaigns.id', 'outbox_messages.campaign_id')
      .select('outbox_messages.id')
      .where('outbox_messages.id', 'in', ids.slice(start, start + 500))
      .where('campaigns.state', '=', 'cancelled')
      .execute();
    for (const row of rows) found.add(row.id);
  }
  return found;
}

/** Which of these gateway uids some outbox row already carries. */
export async function uidsInUse(db: Kysely<Database>, uids: readonly string[]): Promise<Set<string>> {
  if (uids.length === 0) return new Set();
  const taken = new Set<string>();
  for (let start = 0; start < uids.length; start += 500) {
    const rows = await db
      .selectFrom('outbox_messages')
      .select('gateway_uid')
      .where('gateway_uid', 'in', uids.slice(start, start + 500))
      .execute();
    for (const row of rows) if (row.gateway_uid !== null) taken.add(row.gateway_uid);
  }
  return taken;
}
