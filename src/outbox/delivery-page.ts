import type { Kysely } from 'kysely';
import type { MessageRecord } from '../gateway/index.js';
import type { Database } from '../store/index.js';
import { trackedRowsByUid, updateDelivery, type DeliveryUpdate } from '../store/outbox/index.js';

export interface DeliveryPageOptions {
  now: Date;
  /** Next look at a row still pending. */
  nextCheckAt: Date;
  /**
   * The rows the walk's count included: tracked then (last changed before `countedBefore`, ISO) and
   * sent since `sentSince` (ISO). Rows accepted during the walk were not counted.
   */
  countedBefore: string;
  sentSince: string;
}

export interface DeliveryPageResult {
  /** Tracked rows of this page that the walk's count included. */
  met: number;
  delivered: number;
  failed: number;
  updated: number;
}

/**
 * Delivery for one page of a list walk: looks up only this page's uids among the tracked rows and
 * writes only the rows whose status changed. Nothing is kept once the page is done, so a walk
 * costs the same memory whatever the campaign's size.
 */
export async function applyDeliveryPage(
  db: Kysely<Database>,
  records: readonly MessageRecord[],
  options: DeliveryPageOptions,
): Promise<DeliveryPageResult> {
  const result: DeliveryPageResult = { met: 0, delivered: 0, failed: 0, updated: 0 };
  const byUid = new Map<string, MessageRecord>();
  for (const record of records) if (record.uid !== undefined) byUid.set(record.uid, record);
  if (byUid.size === 0) return result;
  const updates: DeliveryUpdate[] = [];
  for (const row of await trackedRowsByUid(db, [...byUid.keys()])) {
    const record = byUid.get(row.uid);
    if (record === undefined) continue;
    if (row.updatedAt < options.countedBefore && row.sentAt !== null && row.sentAt >= options.sentSince) result.met += 1;
    const final = record.state === 'delivered' || record.state === 'failed';
    if (!final && (record.status ?? null) === row.status) continue;
    updates.push({ id: row.id, uid: row.uid, state: record.state, status: record.status, nextCheckAt: options.nextCheckAt });
  }
  const written = await updateDelivery(db, updates, { now: options.now });
  return { ...result, ...written };
}
