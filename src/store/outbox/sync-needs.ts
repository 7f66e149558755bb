import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { summariseTracked, type TrackedSummary } from './update-delivery.js';

export interface RowAwaitingMatch {
  id: number;
  phone: string;
  body: string;
  claimedAt: string | null;
  /** For `unknown` rows: since when; the grace period counts from here. */
  unknownSince: string | null;
}

export interface SyncNeeds {
  /** Rows whose send outcome was lost, oldest first, at most `unknownLimit`. */
  unknown: RowAwaitingMatch[];
  /** Every row whose send outcome was lost, those not loaded for this pass included. */
  unknownTotal: number;
  /** Accepted rows the gateway named no uid for (bulk answers without records), oldest first, at most `uidlessLimit`. */
  withoutUid: RowAwaitingMatch[];
  /** Accepted rows with a uid whose delivery a list walk should follow (sent since `deliverySince`). */
  tracked: TrackedSummary;
}

/**
 * Rows loaded for one pass, of each kind: the rest wait for the next pass, so that a pass costs the
 * same memory however many there are (a day of a flaky gateway can leave thousands of lost sends).
 */
const DEFAULT_UNKNOWN_LIMIT = 2000;
const DEFAULT_UIDLESS_LIMIT = 2000;

/**
 * What one pass over the gateway's message list has to find. Only the rows to reconcile are
 * loaded, the oldest first; tracked rows are only counted: the walk looks each page's uids up.
 * Rows older than `trackSince` (72 h) are no longer tracked: they stay accepted.
 */
export async function loadSyncNeeds(
  db: Kysely<Database>,
  options: { trackSince: Date; deliverySince: Date; unknownLimit?: number; uidlessLimit?: number },
): Promise<SyncNeeds> {
  const since = options.trackSince.toISOString();
  const unknown = await db
    .selectFrom('outbox_messages')
    .select(['id', 'phone', 'body', 'claimed_at', 'unknown_since'])
    .where('state', '=', 'unknown')
    .orderBy('id')
    .limit(options.unknownLimit ?? DEFAULT_UNKNOWN_LIMIT)
    .execute();
  const unknownTotal = await db
    .selectFrom('outbox_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'unknown')
    .executeTakeFirstOrThrow();
  const withoutUid = await db
    .selectFrom('outbox_messages')
    .select(['id', 'phone', 'body', 'claimed_at', 'unknown_since'])
    .where('state', '=', 'accepted')
    .where('gateway_uid', 'is', null)
    .where('next_check_at', 'is not', null)
    .where('sent_at', '>=', since)
    .orderBy('id')
    .limit(options.uidlessLimit ?? DEFAULT_UIDLESS_LIMIT)
    .execute();
  const tracked = await summariseTracked(db, { sentSince: options.deliverySince });
  const toMatch = (row: { id: number; phone: string; body: string; claimed_at: string | null; unknown_since: string | null }) => ({
    id: row.id,
    phone: row.phone,
    body: row.body,
    claimedAt: row.claimed_at,
    unknownSince: row.unknown_since,
  });
  return { unknown: unknown.map(toMatch), unknownTotal: Number(unknownTotal.n), withoutUid: withoutUid.map(toMatch), tracked };
}

/**
 * (phone, body) of rows whose own record may be in the list without the row knowing its uid yet:
 * those in `sending`, and those claimed since `claimedSince` (the start of the walk) that ended up
 * accepted without uid or unknown. A lost row with the same number and text must not take their
 * record; it waits for the next pass.
 */
export async function busyMessageKeys(db: Kysely<Database>, claimedSince: Date): Promise<{ phone: string; body: string }[]> {
  const since = claimedSince.toISOString();
  const base = db.selectFrom('outbox_messages').select(['phone', 'body']);
  // Three index-friendly queries rather than one OR the planner would answer with a table scan.
  const sending = await base.where('state', '=', 'sending').execute();
  const lost = await base.where('state', '=', 'unknown').where('claimed_at', '>=', since).execute();
  const uidless = await base
    .where('state', '=', 'accepted')
    .where('next_check_at', 'is not', null)
    .where('gateway_uid', 'is', null)
    .where('claimed_at', '>=', since)
    .execute();
  return [...sending, ...lost, ...uidless];
}
