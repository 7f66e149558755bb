import { randomUUID } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { QuietHours } from '../quiet-hours/index.js';
import { CafeError } from '../errors/index.js';
import { MAX_BULK_ITEMS, type GatewayClient } from '../gateway/index.js';
import { silentLogger, type Logger } from '../log/index.js';
import { isPostgres, type Database } from '../store/index.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './outcome-policy.js';
import { abortableSleep, type Sleep } from './wake.js';

export interface WorkerOptions {
  db: Kysely<Database>;
  client: GatewayClient;
  logger?: Logger;
  /** Pace in SMS segments per second (config.sendRate). */
  sendRate: number;
  /** Gateway calls in flight at once (config.sendConcurrency). */
  concurrency: number;
  /** Promotional rows wait during these (config.quietHours); null = off. */
  quietHours: QuietHours | null;
  /** How long a lost send must stay absent from the gateway's list before it is sent again. */
  reconcileGraceMs: number;
  /**
   * The business clock: claim times, retry times, quiet hours, grace periods. Tests move it; it must
   * keep moving forward (e.g. real time plus an offset), or rows pushed to a later retry never come due.
   * Pacing and loop timers always use real time.
   */
  now?: () => Date;
  /** Abortable sleep used by the loop; resolves early when the signal aborts. */
  sleep?: Sleep;
  /** Wait between looks at an empty queue. Default 500 ms. */
  idlePollMs?: number;
  /** Heartbeat (and orphan check) period. Default 1000 ms. */
  heartbeatMs?: number;
  /** A worker whose heartbeat is older than this is dead. Default 15 000 ms. */
  staleWorkerMs?: number;
  /** Delivery and inbound polling period; doubles (up to 8×) while nothing changes. Default 5000 ms. */
  trackIntervalMs?: number;
  /** List walks while some send outcome is unknown. Default 1000 ms. */
  reconcileIntervalMs?: number;
  /** Extra inbound keywords (config.optOutKeywords / optInKeywords). */
  optOutKeywords?: readonly string[];
  optInKeywords?: readonly string[];
  /** Campaign scheduling and materialising, called once per loop turn (injected: the outbox does not know campaigns). */
  advanceCampaigns?: (now: Date) => Promise<unknown>;
  /**
   * Wakes the worker at once when work is queued elsewhere (PostgreSQL LISTEN/NOTIFY: a one-off
   * posted to any server). Answers how to stop listening. Without it the worker looks every
   * `idlePollMs`.
   */
  subscribeWakeUps?: (wake: () => void) => Promise<() => Promise<void>>;
  /** How long a chore's lease (list walk, preparing campaigns) lasts unrenewed; 10 s by default. */
  choreLeaseMs?: number;
  /** Default `<hostname>:<pid>:<random>`. */
  workerId?: string;
  /** Our sender id: a listed record from anyone else with no direction is an inbound message. Default 'Cafe de Revenue'. */
  senderId?: string;
  /** For inbound numbers written without a country code. Default 'PK'. */
  defaultCountry?: string;
  /** Retry schedule of messages the gateway refused for a passing reason. */
  retry?: Partial<RetryPolicy>;
  /** Pause after an account-level refusal (bad token, no balance) in `run`. Default 60 000 ms. */
  holdMs?: number;
  /**
   * While the gateway is down (unreachable, 5xx after the client's retries), sending pauses for
   * this long, doubling with each failed call up to `outagePauseMaxMs`. Defaults 5 000 and 300 000 ms.
   */
  outagePauseMs?: number;
  outagePauseMaxMs?: number;
  /** `runUntilIdle` gives up (rejects; nothing is lost) once the gateway has been down this long. Default 120 000 ms. */
  outageGiveUpMs?: number;
  /** Clock skew allowed between us and the gateway when comparing times. Default 10 minutes. */
  skewMarginMs?: number;
  /** Delivery of an accepted message is followed this long. Default 72 h. */
  trackForMs?: number;
  /** How far back the very first inbound walk looks. Default 24 h. */
  inboundLookbackMs?: number;
  /** Up to this many tracked messages are checked one by one (GET sms/{uid}) rather than by walking the list. Default 20. */
  perUidCheckLimit?: number;
  /** Most messages in one call. Default 50, the gateway's most for a bulk call; 1 sends each by itself. */
  maxBatch?: number;
  /** How long due one-offs that do not fill a call may wait for more while others come in. Default ONE_OFF_LINGER_MS; 0: never. */
  oneOffLingerMs?: number;
  /**
   * How far back list walks follow delivery (default 1 h): older pending messages are asked about
   * one by one, so one message stuck in "Enroute" does not make every walk read days of history.
   */
  deliveryWalkWindowMs?: number;
  /** Lost sends reconciled in one list walk at most, oldest first; the rest in the next walks. Default 2000. */
  reconcilePerPass?: number;
  /** For tests of the orphan check. */
  hostname?: string;
  pid?: number;
  isProcessAlive?: (pid: number) => boolean;
}

export interface WorkerSettings {
  db: Kysely<Database>;
  client: GatewayClient;
  logger: Logger;
  sendRate: number;
  concurrency: number;
  quietHours: QuietHours | null;
  reconcileGraceMs: number;
  now: () => Date;
  sleep: Sleep;
  idlePollMs: number;
  heartbeatMs: number;
  staleWorkerMs: number;
  trackIntervalMs: number;
  reconcileIntervalMs: number;
  optOutKeywords: readonly string[];
  optInKeywords: readonly string[];
  advanceCampaigns: ((now: Date) => Promise<unknown>) | undefined;
  subscribeWakeUps: WorkerOptions['subscribeWakeUps'];
  choreLeaseMs: number;
  /** Several workers may share the database (PostgreSQL): claims follow the account's shared pace. */
  sharedPace: boolean;
  workerId: string;
  senderId: string;
  defaultCountry: string;
  retry: RetryPolicy;
  holdMs: number;
  outagePauseMs: number;
  outagePauseMaxMs: number;
  outageGiveUpMs: number;
  skewMarginMs: number;
  trackForMs: number;
  inboundLookbackMs: number;
  perUidCheckLimit: number;
  maxBatch: number;
  oneOffLingerMs: number;
  deliveryWalkWindowMs: number;
  reconcilePerPass: number;
  hostname: string;
  pid: number;
  isProcessAlive: ((pid: number) => boolean) | undefined;
}

/**
 * Due one-offs that do not fill a call wait at most this long for more (as Kafka's linger.ms), but
 * only while one-offs are coming in (the call pipeline's ONE_OFF_BUSY_MS): a till that queues an
 * SMS a millisecond then sends 50 a call instead of one each, which is what the account's call
 * limit (about 1,000 a minute) allows.
 */
export const ONE_OFF_LINGER_MS = 100;

function positive(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new CafeError('invalid_input', `Worker option ${name} must be a number above ${allowZero ? 'or equal to ' : ''}0, got ${value}`, {
      input: name,
    });
  }
  return value;
}

export function resolveWorkerSettings(options: WorkerOptions): WorkerSettings {
  const pid = options.pid ?? process.pid;
  const host = options.hostname ?? osHostname();
  const concurrency = positive('concurrency', options.concurrency, 1);
  return {
    db: options.db,
    client: options.client,
    logger: options.logger ?? silentLogger(),
    sendRate: positive('sendRate', options.sendRate, 20),
    concurrency: Math.max(1, Math.floor(concurrency)),
    quietHours: options.quietHours,
    reconcileGraceMs: positive('reconcileGraceMs', options.reconcileGraceMs, 120_000, true),
    now: options.now ?? (() => new Date()),
    sleep: options.sleep ?? abortableSleep,
    idlePollMs: positive('idlePollMs', options.idlePollMs, 500),
    heartbeatMs: positive('heartbeatMs', options.heartbeatMs, 1000),
    staleWorkerMs: positive('staleWorkerMs', options.staleWorkerMs, 15_000),
    trackIntervalMs: positive('trackIntervalMs', options.trackIntervalMs, 5000),
    reconcileIntervalMs: positive('reconcileIntervalMs', options.reconcileIntervalMs, 1000),
    optOutKeywords: options.optOutKeywords ?? [],
    optInKeywords: options.optInKeywords ?? [],
    advanceCampaigns: options.advanceCampaigns,
    subscribeWakeUps: options.subscribeWakeUps,
    choreLeaseMs: positive('choreLeaseMs', options.choreLeaseMs, 10_000),
    sharedPace: isPostgres(options.db),
    workerId: options.workerId ?? `${host}:${pid}:${randomUUID().slice(0, 8)}`,
    senderId: options.senderId ?? 'Cafe de Revenue',
    defaultCountry: options.defaultCountry ?? 'PK',
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    holdMs: positive('holdMs', options.holdMs, 60_000),
    outagePauseMs: positive('outagePauseMs', options.outagePauseMs, 5000),
    outagePauseMaxMs: positive('outagePauseMaxMs', options.outagePauseMaxMs, 300_000),
    outageGiveUpMs: positive('outageGiveUpMs', options.outageGiveUpMs, 120_000, true),
    skewMarginMs: positive('skewMarginMs', options.skewMarginMs, 10 * 60_000, true),
    trackForMs: positive('trackForMs', options.trackForMs, 72 * 3_600_000),
    inboundLookbackMs: positive('inboundLookbackMs', options.inboundLookbackMs, 24 * 3_600_000, true),
    perUidCheckLimit: positive('perUidCheckLimit', options.perUidCheckLimit, 20, true),
    maxBatch: Math.max(1, Math.min(MAX_BULK_ITEMS, Math.floor(positive('maxBatch', options.maxBatch, MAX_BULK_ITEMS)))),
    oneOffLingerMs: positive('oneOffLingerMs', options.oneOffLingerMs, ONE_OFF_LINGER_MS, true),
    deliveryWalkWindowMs: positive('deliveryWalkWindowMs', options.deliveryWalkWindowMs, 3_600_000),
    reconcilePerPass: Math.floor(positive('reconcilePerPass', options.reconcilePerPass, 2000)),
    hostname: host,
    pid,
    isProcessAlive: options.isProcessAlive,
  };
}
