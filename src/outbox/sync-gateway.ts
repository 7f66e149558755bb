import type { Kysely } from 'kysely';
import { mapGatewayStatus, type GatewayClient, type MessageRecord } from '../gateway/index.js';
import { handleInbound, type KeywordMatcher } from '../inbound/index.js';
import type { Logger } from '../log/index.js';
import type { Database } from '../store/index.js';
import {
  applyReconciliation,
  busyMessageKeys,
  loadSyncNeeds,
  readSyncValue,
  stopTrackingOld,
  SYNC_KEYS,
  uidsInUse,
  updateDelivery,
  writeSyncValue,
  type DeliveryUpdate,
  type FoundRecord,
  type RowAwaitingMatch,
  type SyncNeeds,
} from '../store/outbox/index.js';
import { checkDeliveryByUid, nextCheckDelayMs } from './check-delivery.js';
import { applyDeliveryPage } from './delivery-page.js';
import { parseZonedTime } from './gateway-time.js';
import { matchRecordsToRows, messageKey, type ListedRecord } from './match-records.js';
import { createWalkPlan, parseAnchor } from './walk-plan.js';

export interface SyncDeps {
  db: Kysely<Database>;
  client: GatewayClient;
  logger: Logger;
  now: () => Date;
  matcher: KeywordMatcher;
  senderId: string;
  defaultCountry: string;
  reconcileGraceMs: number;
  skewMarginMs: number;
  trackForMs: number;
  trackIntervalMs: number;
  inboundLookbackMs: number;
  perUidCheckLimit: number;
  /** How far back list walks follow delivery; older pending messages are asked about one by one. */
  deliveryWalkWindowMs: number;
  /** Most records this walk reads when nothing is to be reconciled (set while calls are out); unset: no limit. */
  maxRecords?: number | undefined;
  /** Asked as the walk goes: while true it spares the gateway's calls (one page, nobody asked about one by one). */
  sparingCalls?: (() => boolean) | undefined;
  /** Lost rows reconciled in one pass at most (oldest first); the store's default (2000) when unset. */
  unknownPerPass?: number | undefined;
  signal: AbortSignal;
}

export interface SyncReport {
  reconciled: number;
  attached: number;
  requeued: number;
  /** Lost rows found unsent whose campaign was cancelled meanwhile. */
  cancelled: number;
  deferred: number;
  /** Unknown rows still waiting for a verdict after this pass. */
  unresolved: number;
  /** Accepted rows still without a uid after this pass. */
  withoutUid: number;
  delivered: number;
  undelivered: number;
  statusUpdates: number;
  inbound: number;
  optedOut: number;
  optedIn: number;
  /** Records read from the list. */
  records: number;
}

/** A listed record is a customer's message when the gateway says so, or when it is not from us. */
export function isInbound(record: MessageRecord, senderId: string): boolean {
  if (record.direction !== undefined) return record.direction === 'inbound';
  return record.from !== undefined && record.from !== senderId;
}

function digits(phone: string | undefined): string {
  return (phone ?? '').replace(/\D/g, '');
}

interface InboundSeen {
  uid: string;
  from: string;
  body: string;
  createdAt: string | undefined;
  position: number;
}

/**
 * Records handled together (the gateway's page size): their uids looked up in one query, their
 * changes written in one transaction, and the delivery count brought up to date for stopping.
 */
const RECORDS_PER_PAGE = 25;

/**
 * One pass over the gateway's message list (newest first), serving three needs with one walk:
 * 1. reconciliation (step 5 of the guarantee): finds the records of rows whose answer was lost and
 *    of accepted rows that got no uid; rows absent after the grace period are queued again;
 * 2. delivery: final statuses of accepted rows (when more than a few are pending; otherwise they
 *    are asked about one by one), looked up and written page by page;
 * 3. inbound: customers' messages since the last walk, STOP/START acted on at once.
 * The walk stops once every need is met (see walk-plan.ts): replies and delivery by position and
 * count, reconciliation by time (the claim less the skew margin). Memory does not grow with the
 * list: only candidates for the few lost rows, and the replies, are kept until the end.
 */
export async function syncWithGateway(deps: SyncDeps): Promise<SyncReport> {
  const walkStartedAt = deps.now();
  const countedBefore = walkStartedAt.toISOString();
  const trackSince = new Date(walkStartedAt.getTime() - deps.trackForMs);
  const walkWindowStart = new Date(walkStartedAt.getTime() - deps.deliveryWalkWindowMs);
  const deliverySince = walkWindowStart > trackSince ? walkWindowStart : trackSince;
  await stopTrackingOld(deps.db, { trackSince, uidlessSince: walkWindowStart });
  const needs = await loadSyncNeeds(deps.db, { trackSince, deliverySince, unknownLimit: deps.unknownPerPass });
  const busyAtStart = new Set((await busyMessageKeys(deps.db, walkStartedAt)).map((k) => messageKey(k.phone, k.body)));
  const watermarkText = await readSyncValue(deps.db, SYNC_KEYS.inboundWatermark);
  const watermark = watermarkText === undefined ? walkStartedAt.getTime() - deps.inboundLookbackMs : Date.parse(watermarkText);
  const walkForDelivery = needs.tracked.count > deps.perUidCheckLimit;

  const toMatch = [...needs.unknown, ...needs.withoutUid].filter((row) => !busyAtStart.has(messageKey(row.phone, row.body)));
  const wantedKeys = new Set(toMatch.map((row) => messageKey(row.phone, row.body)));
  const plan = createWalkPlan({
    reconcileFromMs: reconcileFrom(toMatch, deps.skewMarginMs),
    inboundAnchor: parseAnchor(await readSyncValue(deps.db, SYNC_KEYS.inboundAnchor)),
    inboundFromMs: watermark - deps.skewMarginMs,
    delivery:
      walkForDelivery && needs.tracked.oldestSentAt !== null
        ? { expected: needs.tracked.count, fromMs: Date.parse(needs.tracked.oldestSentAt) - deps.skewMarginMs }
        : undefined,
    maxRecords: deps.maxRecords,
    sparing: deps.sparingCalls,
  });

  const report = emptyReport(0);
  const listed: ListedRecord[] = [];
  const inbound: InboundSeen[] = [];
  let page: MessageRecord[] = [];
  const flushPage = async () => {
    const result = await applyDeliveryPage(deps.db, page, {
      now: deps.now(),
      nextCheckAt: new Date(deps.now().getTime() + deps.trackIntervalMs),
      countedBefore,
      sentSince: deliverySince.toISOString(),
    });
    plan.addMet(result.met);
    report.delivered += result.delivered;
    report.undelivered += result.failed;
    report.statusUpdates += result.updated;
    page = [];
  };
  let position = 0;
  for await (const record of deps.client.listAll({ signal: deps.signal, stopWhen: (r) => plan.stopAt(r) })) {
    position += 1;
    const uid = record.uid;
    if (uid === undefined) continue;
    if (isInbound(record, deps.senderId)) {
      const at = parseZonedTime(record.createdAt);
      if (at === undefined || at >= watermark - deps.skewMarginMs) {
        inbound.push({ uid, from: record.from ?? '', body: record.message ?? '', createdAt: record.createdAt, position });
      }
      continue;
    }
    const phone = digits(record.to);
    const body = record.message ?? '';
    if (wantedKeys.has(messageKey(phone, body))) {
      listed.push({ uid, phone, body, status: record.status, createdAtMs: parseZonedTime(record.createdAt), position });
    }
    page.push(record);
    if (page.length >= RECORDS_PER_PAGE) await flushPage();
  }
  await flushPage();
  report.records = position;

  // Replies before reconciliation: a STOP must take effect before a lost row is queued again.
  await storeInbound(deps, inbound, report);
  await reconcile(deps, needs, toMatch, listed, walkStartedAt, report);
  // Few pending: each is asked about. Many: the walk covered the recent ones; stragglers are asked about.
  const byUid = await checkDeliveryByUid({
    db: deps.db,
    client: deps.client,
    logger: deps.logger,
    now: deps.now,
    trackSince,
    ...(walkForDelivery ? { sentBefore: walkWindowStart } : {}),
    trackIntervalMs: deps.trackIntervalMs,
    limit: deps.sparingCalls?.() === true ? 0 : deps.perUidCheckLimit,
    signal: deps.signal,
  });
  report.delivered += byUid.delivered;
  report.undelivered += byUid.failed;
  report.statusUpdates += byUid.updated;
  if (plan.cutShort()) return report;
  await writeSyncValue(deps.db, SYNC_KEYS.inboundWatermark, walkStartedAt.toISOString(), deps.now());
  const newest = plan.newest();
  if (newest !== undefined) await writeSyncValue(deps.db, SYNC_KEYS.inboundAnchor, JSON.stringify(newest), deps.now());
  return report;
}

function reconcileFrom(rows: readonly RowAwaitingMatch[], skewMarginMs: number): number | undefined {
  if (rows.length === 0) return undefined;
  let oldest = Number.POSITIVE_INFINITY;
  for (const row of rows) {
    const claimed = row.claimedAt === null ? Number.NEGATIVE_INFINITY : Date.parse(row.claimedAt);
    oldest = Math.min(oldest, claimed);
  }
  return oldest - skewMarginMs;
}

async function reconcile(
  deps: SyncDeps,
  needs: SyncNeeds,
  toMatch: readonly RowAwaitingMatch[],
  listed: readonly ListedRecord[],
  walkStartedAt: Date,
  report: SyncReport,
): Promise<void> {
  const { unknown, withoutUid } = needs;
  if (toMatch.length === 0) {
    report.unresolved = needs.unknownTotal;
    report.withoutUid = withoutUid.length;
    return;
  }
  const takenUids = await uidsInUse(
    deps.db,
    listed.map((r) => r.uid),
  );
  const matches = matchRecordsToRows(toMatch, listed, { marginMs: deps.skewMarginMs, takenUids });
  const unknownIds = new Set(unknown.map((row) => row.id));
  const found: FoundRecord[] = [];
  const attach: FoundRecord[] = [];
  const missing: RowAwaitingMatch[] = [];
  for (const row of toMatch) {
    const record = matches.get(row.id);
    if (record === undefined) {
      if (unknownIds.has(row.id)) missing.push(row);
      continue;
    }
    (unknownIds.has(row.id) ? found : attach).push({ row, uid: record.uid, status: record.status });
  }
  const now = deps.now();
  const result = await applyReconciliation(
    deps.db,
    { found, attach, missing },
    { now, walkStartedAt, graceMs: deps.reconcileGraceMs, nextCheckAt: new Date(now.getTime() + deps.trackIntervalMs) },
  );
  Object.assign(report, {
    reconciled: result.reconciled,
    attached: result.attached,
    requeued: result.requeued,
    cancelled: result.cancelled,
    deferred: result.deferred,
    // Rows left for a later pass count as unresolved too: the worker comes back for them soon.
    unresolved: needs.unknownTotal - result.reconciled - result.requeued - result.cancelled,
    withoutUid: withoutUid.length - result.attached,
  });
  if (result.reconciled + result.requeued + result.cancelled > 0) {
    deps.logger.info(
      { reconciled: result.reconciled, requeued: result.requeued, cancelled: result.cancelled, deferred: result.deferred },
      'reconciled lost sends',
    );
  }
  // A record found for a lost row may already carry a final delivery status.
  const foundDeliveries = found.map((f) => {
    const record = listed.find((r) => r.uid === f.uid);
    return { id: f.row.id, uid: f.uid, status: record?.status };
  });
  await applyDeliveries(
    deps,
    foundDeliveries.map((d) => ({
      ...d,
      state: mapGatewayStatus(d.status),
      nextCheckAt: new Date(now.getTime() + nextCheckDelayMs(0, deps.trackIntervalMs)),
    })),
    report,
  );
}

async function applyDeliveries(deps: SyncDeps, updates: readonly DeliveryUpdate[], report: SyncReport): Promise<void> {
  if (updates.length === 0) return;
  const result = await updateDelivery(deps.db, updates, { now: deps.now() });
  report.delivered += result.delivered;
  report.undelivered += result.failed;
  report.statusUpdates += result.updated;
}

async function storeInbound(deps: SyncDeps, seen: InboundSeen[], report: SyncReport): Promise<void> {
  // Oldest first, so "STOP" then "START" leaves the customer opted in.
  for (const sms of [...seen].sort((a, b) => b.position - a.position)) {
    const now = deps.now();
    const receivedAt = parseZonedTime(sms.createdAt);
    const result = await handleInbound(
      deps.db,
      { uid: sms.uid, from: sms.from, body: sms.body, receivedAt: new Date(receivedAt ?? now.getTime()).toISOString() },
      { matcher: deps.matcher, defaultCountry: deps.defaultCountry, now },
    );
    if (!result.stored) continue;
    report.inbound += 1;
    if (result.consentChanged && result.action === 'opt_out') report.optedOut += 1;
    if (result.consentChanged && result.action === 'opt_in') report.optedIn += 1;
    deps.logger.info({ phone: result.phone, action: result.action, consentChanged: result.consentChanged }, 'inbound message');
  }
}

function emptyReport(records: number): SyncReport {
  return {
    reconciled: 0,
    attached: 0,
    requeued: 0,
    cancelled: 0,
    deferred: 0,
    unresolved: 0,
    withoutUid: 0,
    delivered: 0,
    undelivered: 0,
    statusUpdates: 0,
    inbound: 0,
    optedOut: 0,
    optedIn: 0,
    records,
  };
}
