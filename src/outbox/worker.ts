import { CafeError, toCafeError } from '../errors/index.js';
import { createKeywordMatcher } from '../inbound/index.js';
import { isQuietTime, quietHoursEnd } from '../quiet-hours/index.js';
import {
  anyCampaignRunning,
  countPromotionalQueued,
  forgetStoppedWorkers,
  markWorkerStopped,
  outstandingWork,
  processExists,
  registerWorker,
  releaseOrphans,
  writeHeartbeat,
} from '../store/outbox/index.js';
import { isAccountLevelFailure } from './outcome-policy.js';
import { resolveWorkerSettings, type WorkerOptions } from './options.js';
import { createPacer } from './pacer.js';
import { createAccountHoldTracker } from './account-hold.js';
import { createCallPipeline } from './call-pipeline.js';
import { CHORES, createChoreLeases } from './chore-leases.js';
import type { CallResult } from './send-claimed.js';
import { addSyncReport, createRunState, initialSnapshot, snapshotOf, type RunState } from './run-state.js';
import { WORKER_STATES, type WorkerSnapshot, type WorkerSummary } from './snapshot.js';
import { syncWithGateway, type SyncReport } from './sync-gateway.js';
import { createAlarm } from './wake.js';

export interface Worker {
  /** Sends until the signal aborts; then finishes and records calls in flight, marks itself stopped and resolves. */
  run(signal: AbortSignal): Promise<WorkerSummary>;
  /**
   * Sends until nothing is left to do now: no queued row that may be sent (held rows — paused
   * campaigns, quiet hours — do not count), nothing in `sending` or `unknown` (it waits out the grace
   * period of lost sends), no campaign left to materialise, and one look at the gateway's list made
   * after the last send. Rejects with the gateway's error when the account cannot send at all.
   */
  runUntilIdle(signal?: AbortSignal): Promise<WorkerSummary>;
  /** What the worker is doing now (also written with every heartbeat for the dashboard). */
  snapshot(): WorkerSnapshot;
}

const RECORD_ATTEMPTS = 5;
const MAX_CONSECUTIVE_ERRORS = 5;
/**
 * Campaigns are moved along (scheduled ones started, the next recipients materialised, settled
 * ones completed) this often while the queue has rows, and at once when a claim runs short. Often
 * enough that materialising (2,000 recipients a step) keeps well ahead of the fastest sending, so
 * a claim rarely waits for it; each step runs while calls are out.
 */
const ADVANCE_INTERVAL_MS = 20;
/** After a campaign could not be prepared: long enough not to flood the log, short enough to notice a fix. */
const ADVANCE_RETRY_MS = 2000;
/**
 * Records a list walk reads at most while calls are out (20 pages of 25): at a shop's pace that
 * is minutes of messages, all a walk needs; a fast campaign's delivery and replies are caught up
 * by the first walk after it rather than by walks racing its sends.
 */
const WALK_RECORDS_WHILE_SENDING = 500;
/** Stopped workers stay listed a week (the dashboard's history), then their rows go. */
const STOPPED_WORKERS_KEPT_MS = 7 * 24 * 3_600_000;

/**
 * The outbox worker: claims due rows, sends them at a steady pace, records every answer, and keeps
 * the outbox in step with the gateway (lost answers, delivery reports, STOP replies).
 *
 * The guarantee — every recipient gets exactly one SMS across pauses, restarts and crashes — rests
 * on the order of writes, not on this loop: a row is committed in `sending` before its request
 * goes out (claimBatch), its answer is recorded in one transaction (recordOutcomes), a dead
 * worker's `sending` rows become `unknown` (releaseOrphans), and an `unknown` row is sent again only
 * after the gateway's own list, read after a grace period, shows it was never sent
 * (syncWithGateway). The gateway takes no idempotency key, so nothing is ever re-sent on a guess.
 */
export function createWorker(options: WorkerOptions): Worker {
  const s = resolveWorkerSettings(options);
  const log = s.logger.child({ worker: s.workerId });
  const pacer = createPacer({ rate: s.sendRate });
  const matcher = createKeywordMatcher({ optOutKeywords: s.optOutKeywords, optInKeywords: s.optInKeywords });
  const alarm = createAlarm(s.sleep);
  const mono = () => performance.now();
  const isAlive = s.isProcessAlive ?? processExists;
  const accountHold = createAccountHoldTracker({
    db: s.db,
    holdMs: s.holdMs,
    now: s.now,
    onError: (error, context) => log.error({ err: toCafeError(error).message }, context),
  });
  // Several workers on one database: one of them walks the gateway's list and prepares campaigns.
  const chores = createChoreLeases({
    db: s.db,
    holder: s.workerId,
    ttlMs: s.choreLeaseMs,
    onError: (error) => log.warn({ err: toCafeError(error).message }, 'could not take or renew a chore lease'),
  });
  const pipeline = createCallPipeline({
    settings: s,
    log,
    pacer,
    alarm,
    mono,
    onAnswer: (st, result) => countDecisions(st, result, st.untilIdle),
    noteError: (st, error, context) => noteError(st, error, context),
  });
  let current: RunState | undefined;
  let last: WorkerSnapshot | undefined;

  function snapshot(): WorkerSnapshot {
    const context = { workerId: s.workerId, sendRate: s.sendRate, pacer, now: s.now(), monoNow: mono() };
    if (current !== undefined) return snapshotOf(current, context);
    return last ?? initialSnapshot(context);
  }

  function noteError(st: RunState, error: unknown, context: string): CafeError {
    const cafe = toCafeError(error);
    st.lastError = { code: cafe.code, message: cafe.message, at: s.now().toISOString() };
    log.error({ err: { code: cafe.code, message: cafe.message } }, context);
    return cafe;
  }

  function hold(st: RunState, error: CafeError, untilIdle: boolean): void {
    const pauseMs = accountHold.refused(error);
    if (untilIdle) {
      st.fatal ??= error;
      return;
    }
    if (st.heldUntil === undefined) {
      log.error({ code: error.code, pauseMs }, `the gateway refused the account, sending paused: ${error.message}`);
    }
    st.heldUntil = mono() + pauseMs;
  }

  /**
   * A pause ends when its time is up, or at once when staff resumed sending — but only once the
   * refused calls are recorded: a resume must find their rows queued to make them due, not in
   * `sending` (the row would then be recorded to wait out the pause that was lifted).
   */
  async function pauseOver(st: RunState): Promise<boolean> {
    if (st.heldUntil === undefined) return false;
    if (mono() >= st.heldUntil) return true;
    if (st.answered.length > 0 || st.inFlight.size > 0) return false;
    return accountHold.resumedByStaff();
  }

  /** Records the answers still waiting (a stopping run: no claims), trying again a few times. */
  async function flushAnswered(st: RunState): Promise<void> {
    for (let attempt = 1; st.answered.length > 0; attempt += 1) {
      try {
        await pipeline.exchange(st, { claim: false });
        return;
      } catch (error) {
        // The answers must not be lost: the rows would sit in `sending` until the next start finds them.
        if (attempt >= RECORD_ATTEMPTS) throw error;
        noteError(st, error, 'recording gateway answers failed; trying again');
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }

  function countDecisions(st: RunState, result: CallResult, untilIdle: boolean): void {
    for (const decision of result.decisions) {
      switch (decision.kind) {
        case 'accepted':
          st.summary.accepted += 1;
          accountHold.accepted();
          if (decision.uid === undefined) st.lookNeededAt = mono();
          break;
        case 'failed':
          st.summary.failed += 1;
          break;
        case 'unknown':
          st.summary.unknown += 1;
          st.nextSyncAt = Math.min(st.nextSyncAt, mono());
          break;
        case 'retry':
          st.summary.retried += 1;
          if (decision.error.code === 'rate_limited') pacer.slowDown(decision.error.retryAfterMs);
          break;
        case 'outage':
          st.summary.retried += 1;
          break;
        case 'hold':
          st.summary.retried += 1;
          hold(st, decision.error, untilIdle);
          break;
      }
      if (decision.kind !== 'accepted') {
        st.lastError = { code: decision.error.code, message: decision.error.message, at: s.now().toISOString() };
      }
    }
    followOutage(st, result, untilIdle);
  }

  /** One call's worth of outage: a failed call lengthens the pause, an accepted message ends it. */
  function followOutage(st: RunState, result: CallResult, untilIdle: boolean): void {
    const down = result.decisions.find((d) => d.kind === 'outage');
    if (down === undefined) {
      if (st.outage !== undefined && result.decisions.some((d) => d.kind === 'accepted')) {
        log.info({ calls: st.outage.calls, ms: Math.round(mono() - st.outage.sinceMono) }, 'the gateway answers again; sending resumes');
        st.outage = undefined;
      }
      return;
    }
    const now = mono();
    st.outage ??= { sinceMono: now, calls: 0 };
    st.outage.calls += 1;
    const downForMs = now - st.outage.sinceMono;
    if (untilIdle && downForMs >= s.outageGiveUpMs) {
      st.fatal ??= new CafeError(
        down.error.code,
        `The gateway has failed every call for ${Math.round(downForMs / 1000)} s (${down.error.message}). ` +
          'Nothing was lost: the messages are queued and go with the next worker run.',
        { cause: down.error },
      );
      return;
    }
    const pauseMs = Math.min(s.outagePauseMaxMs, s.outagePauseMs * 2 ** (st.outage.calls - 1));
    if (st.outage.calls === 1) log.warn({ code: down.error.code, pauseMs }, `the gateway is down, sending paused: ${down.error.message}`);
    st.heldUntil = Math.max(st.heldUntil ?? 0, now + pauseMs);
  }

  function applySyncReport(st: RunState, report: SyncReport, startedMono: number): void {
    log.debug({ records: report.records, delivered: report.delivered + report.undelivered, ms: Math.round(mono() - startedMono) }, 'list walk');
    const changed = addSyncReport(st.summary, report);
    st.unknown = report.unresolved;
    st.trackDelayMs = changed ? s.trackIntervalMs : Math.min(st.trackDelayMs * 2, s.trackIntervalMs * 8);
    st.nextSyncAt = mono() + (report.unresolved > 0 ? s.reconcileIntervalMs : st.trackDelayMs);
  }

  async function maybeStartSync(st: RunState, signal: AbortSignal, untilIdle: boolean): Promise<void> {
    if (st.sync !== undefined || mono() < st.nextSyncAt || signal.aborted) return;
    if (!(await chores.holds(CHORES.gatewayWalk))) {
      // Another worker walks the list; look again when its lease could have run out.
      st.nextSyncAt = mono() + s.choreLeaseMs / 4;
      return;
    }
    const startedMono = mono();
    st.lastSyncStartedAt = startedMono;
    st.sync = syncWithGateway({
      db: s.db,
      client: s.client,
      logger: log,
      now: s.now,
      matcher,
      senderId: s.senderId,
      defaultCountry: s.defaultCountry,
      reconcileGraceMs: s.reconcileGraceMs,
      skewMarginMs: s.skewMarginMs,
      trackForMs: s.trackForMs,
      trackIntervalMs: s.trackIntervalMs,
      inboundLookbackMs: s.inboundLookbackMs,
      perUidCheckLimit: s.perUidCheckLimit,
      deliveryWalkWindowMs: s.deliveryWalkWindowMs,
      unknownPerPass: s.reconcilePerPass,
      maxRecords: st.inFlight.size > 0 ? WALK_RECORDS_WHILE_SENDING : undefined,
      signal,
    })
      .then((report) => applySyncReport(st, report, startedMono))
      .catch((error: unknown) => {
        if (signal.aborted) return;
        const cafe = noteError(st, error, "reading the gateway's message list failed; trying again");
        if (isAccountLevelFailure(cafe)) hold(st, cafe, untilIdle);
        st.nextSyncAt = mono() + Math.max(s.reconcileIntervalMs, s.trackIntervalMs);
      })
      .finally(() => {
        st.sync = undefined;
        alarm.notify();
      });
  }

  async function checkOrphans(st: RunState): Promise<void> {
    const result = await releaseOrphans(s.db, {
      selfId: s.workerId,
      now: s.now(),
      hostname: s.hostname,
      isAlive,
      staleMs: s.staleWorkerMs,
    });
    if (result.orphaned > 0 || result.deadWorkers.length > 0) {
      log.warn({ deadWorkers: result.deadWorkers, orphaned: result.orphaned }, 'rows of a dead worker are now unknown; reconciling');
      st.summary.orphaned += result.orphaned;
      st.nextSyncAt = Math.min(st.nextSyncAt, mono());
    }
  }

  /**
   * A campaign that cannot be prepared is said (log, dashboard) and tried again at the usual
   * interval, never every turn; and it never stops this turn's sending of what is queued already.
   */
  async function maybeAdvanceCampaigns(st: RunState, now: Date): Promise<void> {
    if (s.advanceCampaigns === undefined) return;
    // A claim that ran short asks for more at once, except after a failure: that waits its turn.
    const asked = st.claimShort && st.advanceFailures === 0;
    if (!asked && mono() < st.nextAdvanceAt) return;
    st.claimShort = false;
    if (!(await chores.holds(CHORES.campaigns))) {
      st.nextAdvanceAt = mono() + ADVANCE_RETRY_MS;
      return;
    }
    try {
      await s.advanceCampaigns(now);
      st.advanceFailures = 0;
      st.nextAdvanceAt = mono() + ADVANCE_INTERVAL_MS;
    } catch (error) {
      st.advanceFailures += 1;
      st.nextAdvanceAt = mono() + ADVANCE_RETRY_MS;
      const cafe = noteError(st, error, 'preparing campaign messages failed; other messages go on, and it is tried again shortly');
      // A run that must end once idle would otherwise wait for ever on a campaign it cannot prepare.
      if (st.untilIdle && st.advanceFailures >= MAX_CONSECUTIVE_ERRORS) st.fatal ??= cafe;
    }
  }

  /** One turn of the loop; answers whether it started work (then the loop goes straight on). */
  async function turn(st: RunState, signal: AbortSignal, untilIdle: boolean): Promise<boolean> {
    const now = s.now();
    await maybeAdvanceCampaigns(st, now);
    if (await pauseOver(st)) st.heldUntil = undefined;
    if (st.fatal !== undefined || st.heldUntil !== undefined) pipeline.releaseReady(st, 'Claimed, then held back: sending is paused');
    pipeline.launch(st);
    let progressed = false;
    if (pipeline.wantsExchange(st)) {
      const result = await pipeline.exchange(st, { claim: true });
      if (result.claimed) {
        st.claimShort = result.short;
        st.quietHeld = isQuietTime(now, s.quietHours) && result.batches.length === 0 && st.ready.length === 0;
      }
      progressed = result.batches.length > 0 || result.skipped > 0;
    }
    // While the calls are out: the rest of the loop's chores.
    if (mono() >= st.nextOrphanCheckAt) {
      await checkOrphans(st);
      st.nextOrphanCheckAt = mono() + s.heartbeatMs;
    }
    await maybeStartSync(st, signal, untilIdle);
    return progressed;
  }

  /**
   * Delivery tracking is not part of "idle": accepted rows are settled. A last look at the list
   * is taken only when an acceptance came without uid (lost answers keep the run going through
   * their `unknown` rows).
   */
  async function isIdle(st: RunState): Promise<boolean> {
    if (st.inFlight.size > 0 || st.answered.length > 0 || st.ready.length > 0 || st.sync !== undefined) return false;
    if (st.lookNeededAt !== undefined && st.lastSyncStartedAt <= st.lookNeededAt) {
      st.nextSyncAt = Math.min(st.nextSyncAt, mono());
      return false;
    }
    const now = s.now();
    const work = await outstandingWork(s.db, { now, holdPromotional: isQuietTime(now, s.quietHours) });
    // Without the campaign hook nobody here can materialise a campaign: do not wait for it.
    const materialising = s.advanceCampaigns === undefined ? 0 : work.campaignsToMaterialise;
    return work.sendable === 0 && work.sending === 0 && work.unknown === 0 && materialising === 0;
  }

  /**
   * A list walk can settle a campaign's last rows after this turn's advance: advance once more so
   * that `--until-idle` never leaves a settled campaign `running`, and stay if that made work.
   */
  async function settledAfterLastAdvance(st: RunState): Promise<boolean> {
    if (s.advanceCampaigns === undefined) return true;
    // Another worker prepares and completes campaigns (or a dead one's lease has not run out yet):
    // idle once none is left running, else wait for the lease.
    if (!(await chores.holds(CHORES.campaigns))) return !(await anyCampaignRunning(s.db));
    await s.advanceCampaigns(s.now());
    st.nextAdvanceAt = mono() + ADVANCE_INTERVAL_MS;
    return isIdle(st);
  }

  function waitMs(st: RunState): number {
    let ms = s.idlePollMs;
    if (st.heldUntil !== undefined) ms = Math.min(ms, Math.max(1, st.heldUntil - mono()));
    else if (st.inFlight.size < s.concurrency && pacer.delayMs() > 0) ms = Math.min(ms, Math.max(1, pacer.delayMs()));
    if (st.sync === undefined) ms = Math.min(ms, Math.max(1, st.nextSyncAt - mono()));
    const answerDeadline = pipeline.answerDeadlineMs(st);
    if (answerDeadline !== undefined) ms = Math.min(ms, answerDeadline);
    return ms;
  }

  async function loop(signal: AbortSignal, untilIdle: boolean): Promise<WorkerSummary> {
    if (current !== undefined) throw new CafeError('conflict', `Worker ${s.workerId} is already running`);
    const st = createRunState({ startedAt: s.now(), startedMono: mono(), trackIntervalMs: s.trackIntervalMs, untilIdle });
    current = st;
    const stopHeartbeat = new AbortController();
    let heartbeat: Promise<void> = Promise.resolve();
    let stopListening: () => Promise<void> = async () => {};
    let failure: unknown;
    try {
      await registerWorker(s.db, { id: s.workerId, pid: s.pid, hostname: s.hostname }, s.now(), snapshot());
      await forgetStoppedWorkers(s.db, new Date(s.now().getTime() - STOPPED_WORKERS_KEPT_MS));
      heartbeat = heartbeatLoop(stopHeartbeat.signal);
      stopListening = await listenForWakeUps();
      log.info({ sendRate: s.sendRate, concurrency: s.concurrency, untilIdle }, 'worker started');
      let errors = 0;
      while (!signal.aborted && st.fatal === undefined) {
        let progressed = false;
        try {
          progressed = await turn(st, signal, untilIdle);
          errors = 0;
          if (untilIdle && !progressed && (await isIdle(st)) && (await settledAfterLastAdvance(st))) break;
        } catch (error) {
          errors += 1;
          const cafe = noteError(st, error, 'worker turn failed');
          if (untilIdle && errors >= MAX_CONSECUTIVE_ERRORS) throw cafe;
        }
        if (!progressed) await alarm.wait(waitMs(st), signal);
      }
    } catch (error) {
      failure = error;
    } finally {
      st.stopping = true;
      pipeline.releaseReady(st, 'Claimed, then held back: the worker stopped before it went out');
      while (st.inFlight.size > 0) await Promise.allSettled([...st.inFlight]);
      try {
        await flushAnswered(st);
      } catch (error) {
        failure ??= error;
      }
      if (st.sync) await st.sync;
      stopHeartbeat.abort();
      await heartbeat;
      await stopListening();
      await chores.releaseAll();
      await noteQuietHoursHold(st).catch((error: unknown) => {
        // Only what the summary tells: the run itself went well.
        log.warn({ err: toCafeError(error).message }, 'could not count the messages quiet hours hold');
      });
      st.summary.durationMs = Math.round(mono() - st.startedMono);
      last = { ...snapshot(), state: WORKER_STATES.stopped, inFlight: 0 };
      try {
        await markWorkerStopped(s.db, s.workerId, s.now(), last);
      } catch (error) {
        failure ??= error;
      }
      current = undefined;
      log.info({ summary: st.summary }, 'worker stopped');
    }
    if (failure !== undefined) throw toCafeError(failure);
    if (st.fatal !== undefined) throw st.fatal;
    return st.summary;
  }

  /** A one-off queued by any process wakes this worker at once (when the database can tell it). */
  async function listenForWakeUps(): Promise<() => Promise<void>> {
    if (s.subscribeWakeUps === undefined) return async () => {};
    try {
      return await s.subscribeWakeUps(() => alarm.notify());
    } catch (error) {
      log.warn({ err: toCafeError(error).message }, `cannot listen for new messages; looking every ${s.idlePollMs} ms instead`);
      return async () => {};
    }
  }

  /** In quiet hours, says how many promotional messages wait for the morning, and until when. */
  async function noteQuietHoursHold(st: RunState): Promise<void> {
    const now = s.now();
    if (!isQuietTime(now, s.quietHours)) return;
    const held = await countPromotionalQueued(s.db);
    if (held === 0) return;
    st.summary.heldForQuietHours = held;
    st.summary.quietHoursEndAt = quietHoursEnd(now, s.quietHours).toISOString();
  }

  async function heartbeatLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await s.sleep(s.heartbeatMs, signal);
      if (signal.aborted) return;
      try {
        await writeHeartbeat(s.db, s.workerId, s.now(), snapshot());
      } catch (error) {
        log.error({ err: toCafeError(error).message }, 'heartbeat failed');
      }
    }
  }

  return {
    run: (signal) => loop(signal, false),
    runUntilIdle: (signal) => loop(signal ?? new AbortController().signal, true),
    snapshot,
  };
}
