import type { CafeError } from '../errors/index.js';
import type { CallPipeline } from './call-pipeline.js';
import { createChoreSchedule, type ChoreSchedule } from './chore-schedule.js';
import type { Pacer } from './pacer.js';
import { emptySummary, WORKER_STATES, type WorkerError, type WorkerSnapshot, type WorkerState, type WorkerSummary } from './snapshot.js';
import type { SyncReport } from './sync-gateway.js';

/** The worker loop's periodic chores, each timed by the run's schedule. */
export const LOOP_CHORES = ['prepareCampaigns', 'walkGatewayList', 'findDeadWorkers'] as const;
export type LoopChore = (typeof LOOP_CHORES)[number];

/** The walks of the gateway's list during a run: one at a time, more often while things change. */
export interface ListWalkState {
  /** The walk in progress, if any. */
  running: Promise<void> | undefined;
  /** How long to wait for the next walk while nothing changes: doubles each quiet walk, up to 8 × trackIntervalMs. */
  quietDelayMs: number;
  lastStartedAt: number;
  /**
   * When the last answer that only the gateway's list can complete came back (an acceptance
   * without uid): `runUntilIdle` takes one more look after it. Lost answers need no flag, the
   * `unknown` rows themselves keep the run going.
   */
  lookNeededAt: number | undefined;
  /** Lost sends still awaiting a verdict, as of the last walk. */
  unresolved: number;
}

/**
 * What one run of a worker keeps between loop turns. Times are monotonic milliseconds
 * (performance.now()): pacing and timers never follow the business clock.
 */
export interface RunState {
  /** `runUntilIdle`: an account-level refusal or a long outage ends the run instead of pausing it. */
  readonly untilIdle: boolean;
  readonly summary: WorkerSummary;
  readonly startedAt: Date;
  readonly startedMono: number;
  /** The send path: calls claimed ahead, calls out at the gateway, answers waiting to be recorded. */
  readonly calls: CallPipeline;
  /** When each periodic chore is next due. */
  readonly schedule: ChoreSchedule<LoopChore>;
  readonly walk: ListWalkState;
  /** The last claim found fewer rows than it had room for: campaigns may need preparing at once. */
  claimRanShort: boolean;
  /** Campaign preparations that failed in a row (reset by one that works). */
  preparationFailures: number;
  /** Sending paused after an account-level refusal or during a gateway outage, until then. */
  pausedUntil: number | undefined;
  /** The gateway has failed every call since `sinceMono` (`calls` of them); cleared by the next acceptance. */
  outage: { sinceMono: number; calls: number } | undefined;
  /** runUntilIdle only: the error that ends the run. */
  fatal: CafeError | undefined;
  lastError: WorkerError | null;
  /** The last claim found nothing because promotional rows wait for quiet hours to end. */
  quietHeld: boolean;
  stopping: boolean;
}

export interface RunStateOptions {
  startedAt: Date;
  clock: () => number;
  trackIntervalMs: number;
  untilIdle: boolean;
  /** Makes the run's send path; it reads the run (whether it may send) and counts into its summary. */
  createCalls: (run: RunState) => CallPipeline;
}

export function createRunState(options: RunStateOptions): RunState {
  const startedMono = options.clock();
  const run: Omit<RunState, 'calls'> & { calls?: CallPipeline } = {
    untilIdle: options.untilIdle,
    summary: emptySummary(),
    startedAt: options.startedAt,
    startedMono,
    schedule: createChoreSchedule(LOOP_CHORES, options.clock),
    walk: {
      running: undefined,
      quietDelayMs: options.trackIntervalMs,
      lastStartedAt: Number.NEGATIVE_INFINITY,
      lookNeededAt: undefined,
      unresolved: 0,
    },
    claimRanShort: true,
    preparationFailures: 0,
    pausedUntil: undefined,
    outage: undefined,
    fatal: undefined,
    lastError: null,
    quietHeld: false,
    stopping: false,
  };
  // The send path reads the run (may it send?), so it is made once the rest of the run exists.
  run.calls = options.createCalls(run as RunState);
  return run as RunState;
}

/** Whether the run may claim and start calls now. */
export function maySend(run: RunState): boolean {
  return !run.stopping && run.fatal === undefined && run.pausedUntil === undefined;
}

/** The one word the dashboard shows, most pressing first. */
export function describeState(run: RunState, pacer: Pacer): WorkerState {
  if (run.stopping) return WORKER_STATES.stopping;
  if (run.pausedUntil !== undefined) return run.outage === undefined ? WORKER_STATES.held : WORKER_STATES.gatewayDown;
  if (pacer.delayMs() > 0 && pacer.limited()) return WORKER_STATES.rateLimited;
  if (run.calls.callsInFlight() > 0) return WORKER_STATES.sending;
  if (run.walk.running !== undefined && run.walk.unresolved > 0) return WORKER_STATES.reconciling;
  if (run.quietHeld) return WORKER_STATES.quietHours;
  return WORKER_STATES.idle;
}

export interface SnapshotContext {
  workerId: string;
  sendRate: number;
  pacer: Pacer;
  now: Date;
  monoNow: number;
}

export function snapshotOf(run: RunState, context: SnapshotContext): WorkerSnapshot {
  const heldUntil =
    run.pausedUntil === undefined ? null : new Date(context.now.getTime() + (run.pausedUntil - context.monoNow)).toISOString();
  return {
    workerId: context.workerId,
    state: describeState(run, context.pacer),
    pace: Math.round(context.pacer.pace() * 100) / 100,
    sendRate: context.sendRate,
    inFlight: run.calls.callsInFlight(),
    sentThisRun: run.summary.accepted + run.summary.reconciled,
    unknown: run.walk.unresolved,
    lastError: run.lastError,
    heldUntil,
    startedAt: run.startedAt.toISOString(),
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
    report.reconciled +
    report.requeued +
    report.cancelled +
    report.attached +
    report.delivered +
    report.undelivered +
    report.statusUpdates +
    report.inbound;
  return changes > 0;
}
