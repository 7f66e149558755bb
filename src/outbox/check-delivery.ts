import type { Kysely } from 'kysely';
import { isCafeError } from '../errors/index.js';
import type { GatewayClient } from '../gateway/index.js';
import type { Logger } from '../log/index.js';
import type { Database } from '../store/index.js';
import { dueDeliveryChecks, scheduleDeliveryCheck, updateDelivery, type DeliveryResult } from '../store/outbox/index.js';

/**
 * When to look at a pending message again: soon after sending, then less and less often (a quarter
 * of its age), between the tracking interval and an hour.
 */
export function nextCheckDelayMs(ageMs: number, trackIntervalMs: number): number {
  return Math.min(3_600_000, Math.max(trackIntervalMs, Math.floor(ageMs / 4)));
}

export interface PerUidDeps {
  db: Kysely<Database>;
  client: GatewayClient;
  logger: Logger;
  now: () => Date;
  trackSince: Date;
  /** Only rows sent before this (the stragglers a list walk no longer reaches). */
  sentBefore?: Date;
  trackIntervalMs: number;
  limit: number;
  signal: AbortSignal;
}

/**
 * Delivery checks one message at a time (GET sms/{uid}), for when so few messages are pending that
 * walking the whole list would cost more. Each due row is asked about once; a pending answer or a
 * failed look-up schedules the next check further out.
 */
export async function checkDeliveryByUid(deps: PerUidDeps): Promise<DeliveryResult> {
  const due = await dueDeliveryChecks(deps.db, {
    now: deps.now(),
    trackSince: deps.trackSince,
    ...(deps.sentBefore === undefined ? {} : { sentBefore: deps.sentBefore }),
    limit: deps.limit,
  });
  const total: DeliveryResult = { delivered: 0, failed: 0, updated: 0 };
  for (const row of due) {
    if (deps.signal.aborted) break;
    const now = deps.now();
    const age = row.sentAt === null ? 0 : now.getTime() - Date.parse(row.sentAt);
    const nextCheckAt = new Date(now.getTime() + nextCheckDelayMs(age, deps.trackIntervalMs));
    try {
      const record = await deps.client.get(row.uid, { signal: deps.signal });
      const result = await updateDelivery(
        deps.db,
        [{ id: row.id, uid: row.uid, state: record.state, status: record.status, nextCheckAt }],
        { now },
      );
      total.delivered += result.delivered;
      total.failed += result.failed;
      total.updated += result.updated;
      if (result.delivered + result.failed === 0) await scheduleDeliveryCheck(deps.db, row.id, nextCheckAt);
    } catch (error) {
      if (deps.signal.aborted) break;
      if (!isCafeError(error) || error.code !== 'not_found') throw error;
      deps.logger.warn({ uid: row.uid, id: row.id }, 'the gateway does not know this message uid; checking again later');
      await scheduleDeliveryCheck(deps.db, row.id, nextCheckAt);
    }
  }
  return total;
}
