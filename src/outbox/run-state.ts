import type { CafeError } from '../errors/index.js';
import type { ClaimedRow } from '../store/outbox/index.js';
import type { Pacer } from './pacer.js';
import type { CallResult } from './send-claimed.js';
import { emptySummary, WORKER_STATES, type WorkerError, type WorkerSnapshot, type WorkerState, type WorkerSummary } from './snapshot.js';
import type { SyncReport } from './sync-gateway.js';

/** A call whose answer came back and waits to be recorded (with the next claim, in one commit). */
export interface AnsweredCall {
  kind: 'single' | 'bulk';
  rows: number;
  result: CallResult;
  startedMono: number;
  answeredAt: number;
}

/** Rows claimed (committed in `sending`) for one call that has not started yet. */
export interface ReadyCall {
  kind: 'single' | 'bulk';
  rows: ClaimedRow[];
  /** Claimed by the commit just made: goes without another look at its campaign. */
  fresh: boolean;
}

/**
 * What one run of a worker keeps between loop turns. Times named `…At` without a Date type are
 * monotonic milliseconds (performance.now()): pacing and timers never follow the business clock.
 */
export interface RunState {
  /** `runUntilIdle`: an account-level refusal ends the run instead of pausing it. */
  untilIdle: boolean;
  summary: WorkerSummary;
  /** Campaign preparations that failed in a row (reset by one that works). */
  advanceFailures: number;
  startedAt: Date;
  startedMono: number;
  /** Calls in flight; each settles once its answer is in `answered`. */
  inFlight: Set<Promise<void>>;
  /** Answers not yet recorded: a later turn writes them in the same transaction as its claims. */
  answered: AnsweredCall[];
  /** Calls claimed ahead, waiting for a free call slot. */
  ready: ReadyCall[];
  /** The last claim found fewer rows than it had room for: campaigns may need materialising. */
  claimShort: boolean;
  nextAdvanceAt: number;
  /** The list walk in progress, if any (one at a time). */
  sync: Promise<void> | undefined;
  nextSyncAt: number;
  /** Delivery/inbound polling period now: doubles while nothing changes. */
  trackDelayMs: number;
  nextOrphanCheckAt: number;
  /** Sending paused after an account-level refusal or during a gateway outage, until then. */
  heldUntil: number | undefined;
  /** The gateway has failed every call since `sinceMono` (`calls` of them); cleared by the next acceptance. */
  outage: { sinceMono: number; calls: number } | undefined;
  /** runUntilIdle only: an account-level refusal ends the run with this error. */
  fatal: CafeError | undefined;
  lastError: WorkerError | null;
  /** The last claim found nothing because promotional rows wait for quiet hours to end. */
  quietHeld: boolean;
  /** Lost sends still awaiting a verdict, as of the last walk. */
  unknown: number;
  /**
   * When the last answer that only the gateway's list can complete came back (an acceptance
   * without uid): `runUntilIdle` takes one more look after it. Lost answers need no flag, the
   * `unknown` rows themselves keep the run going.
   */
  lookNeededAt: number | undefined;
  lastSyncStartedAt: number;
  stopping: boolean;
}

export function createRunState(options: { startedAt: Date; startedMono: number; trackIntervalMs: number; untilIdle: boolean }): RunState {
  const { startedAt, startedMono, trackIntervalMs, untilIdle } = options;
  return {
    untilIdle,
    summary: emptySummary(),
    advanceFailures: 0,
    startedAt,
    startedMono,
    inFlight: new Set(),
    answered: [],
    ready: [],
    claimShort: true,
    nextAdvanceAt: startedMono,
    sync: undefined,
    nextSyncAt: startedMono,
    trackDelayMs: trackIntervalMs,
    nextOrphanCheckAt: startedMono,
    heldUntil: undefined,
    outage: undefined,
    fatal: undefined,
    lastError: null,
    quietHeld: false,
    unknown: 0,
    lookNeededAt: undefined,
    lastSyncStartedAt: Number.NEGATIVE_INFINITY,
    stopping: false,
  };
}

/** The one word the dashboard shows, most pressing first. */
export function describeState(st: RunState, pacer: Pacer): WorkerState {
  if (st.stopping) return WORKER_STATES.stopping;
  if (st.heldUntil !== undefined) return st.outage === undefined ? WORKER_STATES.held : WORKER_STATES.gatewayDown;
  if (pacer.delayMs() > 0 && pacer.limited()) return WORKER_STATES.rateLimited;
  if (st.inFlight.size > 0) return WORKER_STATES.sending;
  if (st.sync !== undefined && st.unknown > 0) return WORKER_STATES.reconciling;
  if (st.quietHeld) return WORKER_STATES.quietHours;
  return WORKER_STATES.idle;
}

export interface SnapshotContext {
  workerId: string;
  sendRate: number;
  pacer: Pacer;
  now: Date;
  monoNow: number;
}

export function snapshotOf(st: RunState, context: SnapshotContext): WorkerSnapshot {
  const heldUntil = st.heldUntil === undefined ? null : new Date(context.now.getTime() + (st.heldUntil - context.monoNow)).toISOString();
  return {
    workerId: context.workerId,
    state: describeState(st, context.pacer),
    pace: Math.round(context.pacer.pace() * 100) / 100,
    sendRate: context.sendRate,
    inFlight: st.inFlight.size,
    sentThisRun: st.summary.accepted + st.summary.reconciled,
    unknown: st.unknown,
    lastError: st.lastError,
    heldUntil,
    startedAt: st.startedAt.toISOString(),
    updatedAt: context.now.toISOString(),
  };
}

/** Before the first run: nothing done yet. */
export function initialSnapshot(context: SnapshotContext): WorkerSnapshot {
  const now = context.now.toISOString();
  return {
    workerId: context.workerId,
    state: WORKER_STATES.starting,
    pace: context.pacer.pace(),
    sendRate: context.sendRate,
    inFlight: 0,
    sentThisRun: 0,
    unknown: 0,
    lastError: null,
    heldUntil: null,
    startedAt: now,
    updatedAt: now,
  };
}

/** Adds a walk's results to the run's counts; answers whether anything changed (polling stays brisk). */
export function addSyncReport(summary: WorkerSummary, report: SyncReport): boolean {
  summary.reconciled += report.reconciled;
  summary.requeued += report.requeued;
  summary.cancelled += report.cancelled;
  summary.delivered += report.delivered;
  summary.undelivered += report.undelivered;
  summary.inbound += report.inbound;
  summary.optedOut += report.optedOut;
  summary.optedIn += report.optedIn;
  const changes =
    report.reconciled + report.requeued + report.cancelled + report.attached + report.delivered + report.undelivered + report.statusUpdates + report.inbound;
  return changes > 0;
}
