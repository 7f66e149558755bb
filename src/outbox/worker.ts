import { CafeError, toCafeError } from '../errors/index.js';
import { createKeywordMatcher } from '../inbound/index.js';
import { isQuietTime, quietHoursEnd } from '../quiet-hours/index.js';
import {
  anyCampaignRunning,
  countPromotionalQueued,
  outstandingWork,
  processExists,
  readGatewayCallLimit,
  releaseOrphans,
  saveGatewayCallLimit,
} from '../store/outbox/index.js';
import { createAccountHoldTracker } from './account-hold.js';
import { createAnswerEffects } from './answer-effects.js';
import { createCallPipeline } from './call-pipeline.js';
import { CHORES, createChoreLeases } from './chore-leases.js';
import { createListWalks } from './list-walks.js';
import { resolveWorkerSettings, type WorkerOptions } from './options.js';
import { createPacer } from './pacer.js';
import { createRunState, initialSnapshot, maySend, snapshotOf, type RunState } from './run-state.js';
import { WORKER_STATES, type WorkerSnapshot, type WorkerSummary } from './snapshot.js';
import { createAlarm } from './wake.js';
import { createWorkerPresence } from './worker-presence.js';

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
const PREPARE_INTERVAL_MS = 20;
/** After a campaign could not be prepared: long enough not to flood the log, short enough to notice a fix. */
const PREPARE_RETRY_MS = 2000;
/**
 * The outbox worker: claims due rows, sends them at a steady pace, records every answer, and keeps
 * the outbox in step with the gateway (lost answers, delivery reports, STOP replies).
 *
 * Each turn: prepare campaigns when due, record the answers that came back and claim the next
 * calls in one commit, start what the pace allows, then the chores while calls are out (find dead
 * workers' rows, walk the gateway's list). Every recipient gets exactly one SMS because of the order
 * of writes, not because of this loop: see "The guarantee" in docs/outbox.md.
 */
export function createWorker(options: WorkerOptions): Worker {
  const settings = resolveWorkerSettings(options);
  const log = settings.logger.child({ worker: settings.workerId });
  const pacer = createPacer({ rate: settings.sendRate, maxBatch: settings.maxBatch });
  const alarm = createAlarm(settings.sleep);
  const mono = () => performance.now();
  const isAlive = settings.isProcessAlive ?? processExists;
  const accountHold = createAccountHoldTracker({
    db: settings.db,
    holdMs: settings.holdMs,
    now: settings.now,
    onError: (error, context) => log.error({ err: toCafeError(error).message }, context),
  });
  // Several workers on one database: one of them walks the gateway's list and prepares campaigns.
  const leases = createChoreLeases({
    db: settings.db,
    holder: settings.workerId,
    ttlMs: settings.choreLeaseMs,
    onError: (error) => log.warn({ err: toCafeError(error).message }, 'could not take or renew a chore lease'),
  });
  const answers = createAnswerEffects({ settings, log, pacer, accountHold, mono, onThrottled: rememberCallLimit });
  let rememberedCallLimit: number | undefined;
  // Writes of the learned limit, one after another; a run waits for them before it ends.
  let callLimitWrites: Promise<void> = Promise.resolve();
  const listWalks = createListWalks({
    settings,
    log,
    matcher: createKeywordMatcher({ optOutKeywords: settings.optOutKeywords, optInKeywords: settings.optInKeywords }),
    leases,
    alarm,
    mono,
    noteError,
    hold: answers.hold,
  });
  let current: RunState | undefined;
  let last: WorkerSnapshot | undefined;

  function snapshot(): WorkerSnapshot {
    const context = { workerId: settings.workerId, sendRate: settings.sendRate, pacer, now: settings.now(), monoNow: mono() };
    if (current !== undefined) return snapshotOf(current, context);
    return last ?? initialSnapshot(context);
  }

  /** The gateway's call limit outlives the run: the next one starts under it instead of finding it again. */
  function rememberCallLimit(): void {
    const callsPerSecond = settings.client.learnedCallLimit();
    if (callsPerSecond === undefined || callsPerSecond === rememberedCallLimit) return;
    rememberedCallLimit = callsPerSecond;
    log.info(
      { callsPerSecond: Math.round(callsPerSecond * 100) / 100 },
      'the gateway throttled a call; keeping under the limit it let through',
    );
    callLimitWrites = callLimitWrites
      .then(() => saveGatewayCallLimit(settings.db, callsPerSecond, settings.now()))
      .catch((error: unknown) => {
        log.warn({ err: toCafeError(error).message }, 'could not remember the gateway call limit for the next run');
      });
  }

  async function recallCallLimit(): Promise<void> {
    try {
      const remembered = await readGatewayCallLimit(settings.db);
      if (remembered !== undefined) settings.client.assumeCallLimit(remembered);
    } catch (error) {
      log.warn({ err: toCafeError(error).message }, 'could not read the gateway call limit learned earlier');
    }
  }

  function noteError(run: RunState, error: unknown, context: string): CafeError {
    const cafe = toCafeError(error);
    run.lastError = { code: cafe.code, message: cafe.message, at: settings.now().toISOString() };
    log.error({ err: { code: cafe.code, message: cafe.message } }, context);
    return cafe;
  }

  function startRun(untilIdle: boolean): RunState {
    return createRunState({
      startedAt: settings.now(),
      clock: mono,
      trackIntervalMs: settings.trackIntervalMs,
      untilIdle,
      createCalls: (run) =>
        createCallPipeline({
          settings,
          log,
          pacer,
          alarm,
          mono,
          summary: run.summary,
          maySend: () => maySend(run),
          onAnswer: (result) => answers.follow(run, result),
          noteError: (error, context) => noteError(run, error, context),
        }),
    });
  }

  /**
   * A pause ends when its time is up, or at once when staff resumed sending — but only once the
   * refused calls are recorded: a resume must find their rows queued to make them due, not in
   * `sending` (the row would then be recorded to wait out the pause that was lifted).
   */
  async function pauseOver(run: RunState): Promise<boolean> {
    if (run.pausedUntil === undefined) return false;
    if (mono() >= run.pausedUntil) return true;
    if (run.calls.answersWaiting() > 0 || run.calls.callsInFlight() > 0) return false;
    return accountHold.resumedByStaff();
  }

  /** Records the answers still waiting (a stopping run: no claims), trying again a few times. */
  async function recordLastAnswers(run: RunState): Promise<void> {
    for (let attempt = 1; run.calls.answersWaiting() > 0; attempt += 1) {
      try {
        await run.calls.exchange({ claim: false });
        return;
      } catch (error) {
        // The answers must not be lost: the rows would sit in `sending` until the next start finds them.
        if (attempt >= RECORD_ATTEMPTS) throw error;
        noteError(run, error, 'recording gateway answers failed; trying again');
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }

  async function findDeadWorkers(run: RunState): Promise<void> {
    const result = await releaseOrphans(settings.db, {
      selfId: settings.workerId,
      now: settings.now(),
      hostname: settings.hostname,
      isAlive,
      staleMs: settings.staleWorkerMs,
    });
    if (result.orphaned > 0 || result.deadWorkers.length > 0) {
      log.warn({ deadWorkers: result.deadWorkers, orphaned: result.orphaned }, 'rows of a dead worker are now unknown; reconciling');
      run.summary.orphaned += result.orphaned;
      run.schedule.runNow('walkGatewayList');
    }
  }

  /**
   * A campaign that cannot be prepared is said (log, dashboard) and tried again at the usual
   * interval, never every turn; and it never stops this turn's sending of what is queued already.
   */
  async function maybePrepareCampaigns(run: RunState, now: Date): Promise<void> {
    if (settings.advanceCampaigns === undefined) return;
    // A claim that ran short asks for more at once, except after a failure: that waits its turn.
    const asked = run.claimRanShort && run.preparationFailures === 0;
    if (!asked && !run.schedule.due('prepareCampaigns')) return;
    run.claimRanShort = false;
    if (!(await leases.holds(CHORES.campaigns))) {
      run.schedule.runIn('prepareCampaigns', PREPARE_RETRY_MS);
      return;
    }
    try {
      await settings.advanceCampaigns(now);
      run.preparationFailures = 0;
      run.schedule.runIn('prepareCampaigns', PREPARE_INTERVAL_MS);
    } catch (error) {
      run.preparationFailures += 1;
      run.schedule.runIn('prepareCampaigns', PREPARE_RETRY_MS);
      const cafe = noteError(run, error, 'preparing campaign messages failed; other messages go on, and it is tried again shortly');
      // A run that must end once idle would otherwise wait for ever on a campaign it cannot prepare.
      if (run.untilIdle && run.preparationFailures >= MAX_CONSECUTIVE_ERRORS) run.fatal ??= cafe;
    }
  }

  /** One turn of the loop; answers whether it started work (then the loop goes straight on). */
  async function turn(run: RunState, signal: AbortSignal): Promise<boolean> {
    const now = settings.now();
    await maybePrepareCampaigns(run, now);
    if (await pauseOver(run)) run.pausedUntil = undefined;
    if (run.fatal !== undefined || run.pausedUntil !== undefined) run.calls.releaseReady('Claimed, then held back: sending is paused');
    run.calls.launch();
    let progressed = false;
    if (run.calls.wantsExchange()) {
      const result = await run.calls.exchange({ claim: true });
      if (result.claimed) {
        run.claimRanShort = result.short;
        run.quietHeld = isQuietTime(now, settings.quietHours) && result.batches.length === 0 && run.calls.callsReady() === 0;
      }
      progressed = result.batches.length > 0 || result.skipped > 0;
    }
    // While the calls are out: the rest of the loop's chores.
    if (run.schedule.due('findDeadWorkers')) {
      await findDeadWorkers(run);
      run.schedule.runIn('findDeadWorkers', settings.heartbeatMs);
    }
    await listWalks.maybeStart(run, signal);
    return progressed;
  }

  /**
   * Delivery tracking is not part of "idle": accepted rows are settled. A last look at the list
   * is taken only when an acceptance came without uid (lost answers keep the run going through
   * their `unknown` rows).
   */
  async function isIdle(run: RunState): Promise<boolean> {
    const { calls, walk } = run;
    if (calls.callsInFlight() > 0 || calls.answersWaiting() > 0 || calls.callsReady() > 0 || walk.running !== undefined) return false;
    if (walk.lookNeededAt !== undefined && walk.lastStartedAt <= walk.lookNeededAt) {
      run.schedule.runNow('walkGatewayList');
      return false;
    }
    const now = settings.now();
    const work = await outstandingWork(settings.db, { now, holdPromotional: isQuietTime(now, settings.quietHours) });
    // Without the campaign hook nobody here can materialise a campaign: do not wait for it.
    const materialising = settings.advanceCampaigns === undefined ? 0 : work.campaignsToMaterialise;
    return work.sendable === 0 && work.sending === 0 && work.unknown === 0 && materialising === 0;
  }

  /**
   * A list walk can settle a campaign's last rows after this turn's preparation: prepare once more
   * so that `--until-idle` never leaves a settled campaign `running`, and stay if that made work.
   */
  async function settledAfterLastPreparation(run: RunState): Promise<boolean> {
    if (settings.advanceCampaigns === undefined) return true;
    // Another worker prepares and completes campaigns (or a dead one's lease has not run out yet):
    // idle once none is left running, else wait for the lease.
    if (!(await leases.holds(CHORES.campaigns))) return !(await anyCampaignRunning(settings.db));
    await settings.advanceCampaigns(settings.now());
    run.schedule.runIn('prepareCampaigns', PREPARE_INTERVAL_MS);
    return isIdle(run);
  }

  /** How long the loop may sleep: until a pause ends, the pace allows a call, a walk, an answer or waiting one-offs are due. */
  function sleepMs(run: RunState): number {
    let ms = settings.idlePollMs;
    if (run.pausedUntil !== undefined) ms = Math.min(ms, Math.max(1, run.pausedUntil - mono()));
    else if (run.calls.callsInFlight() < settings.concurrency && pacer.delayMs() > 0) ms = Math.min(ms, Math.max(1, pacer.delayMs()));
    if (run.walk.running === undefined) ms = Math.min(ms, Math.max(1, run.schedule.msUntil('walkGatewayList')));
    const answerDeadline = run.calls.answerDeadlineMs();
    if (answerDeadline !== undefined) ms = Math.min(ms, answerDeadline);
    const oneOffLinger = run.calls.oneOffLingerMs();
    if (oneOffLinger !== undefined) ms = Math.min(ms, oneOffLinger);
    return ms;
  }

  /** Turns until the signal aborts, the run fails for good, or (runUntilIdle) nothing is left. */
  async function sendUntilDone(run: RunState, signal: AbortSignal): Promise<void> {
    let errorsInARow = 0;
    while (!signal.aborted && run.fatal === undefined) {
      let progressed = false;
      try {
        progressed = await turn(run, signal);
        errorsInARow = 0;
        if (run.untilIdle && !progressed && (await isIdle(run)) && (await settledAfterLastPreparation(run))) return;
      } catch (error) {
        errorsInARow += 1;
        const cafe = noteError(run, error, 'worker turn failed');
        if (run.untilIdle && errorsInARow >= MAX_CONSECUTIVE_ERRORS) throw cafe;
      }
      if (!progressed) await alarm.wait(sleepMs(run), signal);
    }
  }

  /** A clean stop: what is out comes back and is recorded, nothing claimed is left unsent in `sending`. */
  async function finishRun(run: RunState): Promise<unknown> {
    let failure: unknown;
    run.stopping = true;
    run.calls.releaseReady('Claimed, then held back: the worker stopped before it went out');
    await run.calls.settle();
    try {
      await recordLastAnswers(run);
    } catch (error) {
      failure = error;
    }
    if (run.walk.running) await run.walk.running;
    return failure;
  }

  async function loop(signal: AbortSignal, untilIdle: boolean): Promise<WorkerSummary> {
    if (current !== undefined) throw new CafeError('conflict', `Worker ${settings.workerId} is already running`);
    const run = startRun(untilIdle);
    current = run;
    const presence = createWorkerPresence({ settings, log, snapshot });
    let stopListening: () => Promise<void> = async () => {};
    let failure: unknown;
    try {
      await presence.announce();
      await recallCallLimit();
      stopListening = await listenForWakeUps();
      log.info({ sendRate: settings.sendRate, concurrency: settings.concurrency, untilIdle }, 'worker started');
      await sendUntilDone(run, signal);
    } catch (error) {
      failure = error;
    } finally {
      const stopFailure = await finishRun(run);
      failure ??= stopFailure;
      await presence.stopHeartbeat();
      await stopListening();
      await leases.releaseAll();
      rememberCallLimit(); // also what was learned from a throttled read
      await callLimitWrites;
      await noteQuietHoursHold(run).catch((error: unknown) => {
        // Only what the summary tells: the run itself went well.
        log.warn({ err: toCafeError(error).message }, 'could not count the messages quiet hours hold');
      });
      run.summary.durationMs = Math.round(mono() - run.startedMono);
      last = { ...snapshot(), state: WORKER_STATES.stopped, inFlight: 0 };
      const markFailure = await presence.markStopped(last);
      failure ??= markFailure;
      current = undefined;
      log.info({ summary: run.summary }, 'worker stopped');
    }
    if (failure !== undefined) throw toCafeError(failure);
    if (run.fatal !== undefined) throw run.fatal;
    return run.summary;
  }

  /** A one-off queued by any process wakes this worker at once (when the database can tell it). */
  async function listenForWakeUps(): Promise<() => Promise<void>> {
    if (settings.subscribeWakeUps === undefined) return async () => {};
    try {
      return await settings.subscribeWakeUps(() => alarm.notify());
    } catch (error) {
      log.warn({ err: toCafeError(error).message }, `cannot listen for new messages; looking every ${settings.idlePollMs} ms instead`);
      return async () => {};
    }
  }

  /** In quiet hours, says how many promotional messages wait for the morning, and until when. */
  async function noteQuietHoursHold(run: RunState): Promise<void> {
    const now = settings.now();
    if (!isQuietTime(now, settings.quietHours)) return;
    const held = await countPromotionalQueued(settings.db);
    if (held === 0) return;
    run.summary.heldForQuietHours = held;
    run.summary.quietHoursEndAt = quietHoursEnd(now, settings.quietHours).toISOString();
  }

  return {
    run: (signal) => loop(signal, false),
    runUntilIdle: (signal) => loop(signal ?? new AbortController().signal, true),
    snapshot,
  };
}
