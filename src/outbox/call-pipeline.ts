import type { Logger } from '../log/index.js';
import { isQuietTime } from '../quiet-hours/index.js';
import { sendableCampaignIds, type ClaimedBatch, type ClaimedRow, type RecordResult } from '../store/outbox/index.js';
import type { WorkerSettings } from './options.js';
import type { Pacer } from './pacer.js';
import { recordAndClaim, type AnsweredCall, type RecordAndClaimResult } from './record-and-claim.js';
import { sendClaimed, type CallResult } from './send-claimed.js';
import type { WorkerSummary } from './snapshot.js';
import type { Alarm } from './wake.js';

function segmentsOf(rows: readonly ClaimedRow[]): number {
  return rows.reduce((sum, row) => sum + row.segments, 0);
}

/** Rows claimed (committed in `sending`) for one call that has not started yet. */
interface ReadyCall {
  kind: 'single' | 'bulk';
  rows: ClaimedRow[];
  /** Claimed by the commit just made: goes without another look at its campaign. */
  fresh: boolean;
}

export interface CallPipelineDeps {
  settings: WorkerSettings;
  log: Logger;
  pacer: Pacer;
  alarm: Alarm;
  mono: () => number;
  /** The run's counts: calls made, rows sent, skipped and cancelled. */
  summary: WorkerSummary;
  /** Whether the run may claim and start calls now (not stopping, ended or paused). */
  maySend: () => boolean;
  /** Counts a call's decisions into the run and reacts to them (slow down, hold, look at the list). */
  onAnswer: (result: CallResult) => void;
  noteError: (error: unknown, context: string) => void;
}

export interface ExchangeResult extends RecordAndClaimResult {
  /** Whether rows were asked for at all (false: answers recorded only). */
  claimed: boolean;
}

export interface CallPipeline {
  /** Starts ready calls while call slots are free. */
  launch(): void;
  /** Whether this turn should write: enough answers are waiting, or the ready calls run low. */
  wantsExchange(): boolean;
  /** One commit: records the answers waiting, claims the next calls into `ready`, starts what fits. */
  exchange(options: { claim: boolean }): Promise<ExchangeResult>;
  /** Puts the ready calls' rows back in the queue unsent (stopping, account refused). */
  releaseReady(reason: string): void;
  /** How long the oldest answer may still wait to be recorded (ms), or undefined. */
  answerDeadlineMs(): number | undefined;
  /** Calls out at the gateway now. */
  callsInFlight(): number;
  /** Answers not yet recorded. */
  answersWaiting(): number;
  /** Calls claimed ahead that have not started. */
  callsReady(): number;
  /** Resolves once no call is out (each answer then waits in `answersWaiting`). */
  settle(): Promise<void>;
  /** How long due one-offs may still wait for a fuller call (ms), or undefined. */
  oneOffLingerMs(): number | undefined;
}

/** An answer waits at most this long for others to share its commit. */
const ANSWER_WAIT_MS = 50;
/**
 * One-offs linger only if others were due this recently: the first after a quiet spell goes at
 * once (as Nagle's algorithm sends at once when nothing is outstanding), so an "order ready" SMS
 * on a quiet day waits for no company that is not coming.
 */
export const ONE_OFF_BUSY_MS = 1000;
/**
 * More calls may be claimed while the pacer owes less than this: at a high pace a batch costs a
 * fraction of a millisecond, at a shop's pace (tens of segments a second) far more, so only what
 * may go now is claimed.
 */
const PACE_SLACK_MS = 10;

/**
 * The send path, pipelined so that the gateway is not kept waiting on our database, and the
 * database commits (each an fsync) are shared by several calls:
 * - rows are claimed a round of calls ahead (`ready`, already committed in `sending`): when a
 *   call comes back the next one starts at once, without a database write first;
 * - answers are recorded a few at a time, in the same transaction as the next claims.
 * None of this changes the guarantee: every claim still commits before its call, and every answer
 * is recorded in one transaction. A ready call that waited is checked just before it goes (its
 * campaign may have been paused or cancelled meanwhile); if it may not go, its rows are put back
 * unsent. A crash leaves ready rows in `sending`, where the orphan check and reconciliation find
 * them unsent and queue them again. One pipeline serves one run of the worker.
 */
export function createCallPipeline(deps: CallPipelineDeps): CallPipeline {
  const { settings } = deps;
  const { pacer, mono } = deps;
  /** Calls claimed ahead (with unlimited pace): two rounds of calls. */
  const ahead = 2 * settings.concurrency;
  /** Answers recorded together (and calls claimed together): a round. */
  const together = settings.concurrency;
  /** Calls out at the gateway; each settles once its answer is in `answered`. */
  const inFlight = new Set<Promise<void>>();
  /** Answers not yet recorded: a later exchange writes them in the same transaction as its claims. */
  const answered: AnsweredCall[] = [];
  /** Calls claimed ahead, waiting for a free call slot. */
  const ready: ReadyCall[] = [];
  const paceAllows = () => pacer.delayMs() < PACE_SLACK_MS;
  /** When this run first found due one-offs too few for a full call (mono ms), while they wait. */
  let oneOffsWaitingSince: number | undefined;
  /** When this run last found due one-offs, claimed or left waiting (mono ms). */
  let oneOffsLastDue: number | undefined;
  const lingerLeftMs = () => (oneOffsWaitingSince === undefined ? undefined : oneOffsWaitingSince + settings.oneOffLingerMs - mono());
  const oneOffsBusy = () => oneOffsLastDue !== undefined && mono() - oneOffsLastDue < ONE_OFF_BUSY_MS;
  /** While one-offs are coming in, a full call's worth until the first found has waited its linger; else whatever is due. */
  const minOneOffs = () => (oneOffsBusy() && (lingerLeftMs() ?? settings.oneOffLingerMs) > 0 ? pacer.batchLimit() : 1);

  function released(call: ReadyCall, reason: string): AnsweredCall {
    refund(call);
    const now = settings.now();
    const updates = call.rows.map((row) => ({
      id: row.id,
      state: 'queued' as const,
      nextAttemptAt: now,
      errorCode: 'not_sent',
      errorMessage: reason,
      refundAttempt: true,
    }));
    return {
      kind: call.kind,
      rows: call.rows.length,
      result: { updates, decisions: [], sentAt: now },
      startedMono: mono(),
      answeredAt: mono(),
    };
  }

  async function stillSendable(call: ReadyCall): Promise<boolean> {
    const ids = call.rows.flatMap((row) => (row.campaign_id === null ? [] : [row.campaign_id]));
    if (ids.length === 0) return true;
    try {
      const sendable = await sendableCampaignIds(settings.db, ids, { holdPromotional: isQuietTime(settings.now(), settings.quietHours) });
      return ids.every((id) => sendable.has(id));
    } catch (error) {
      deps.noteError(error, 'checking a claimed batch before sending failed; it goes back to the queue');
      return false;
    }
  }

  function start(call: ReadyCall): void {
    const task: Promise<void> = (async () => {
      if (!call.fresh && !(await stillSendable(call))) {
        answered.push(released(call, 'Claimed, then held back: the campaign was paused or cancelled before it went out'));
        return;
      }
      deps.summary.sent += call.rows.length;
      deps.summary.calls += 1;
      const startedMono = mono();
      const result = await sendClaimed(call.rows, call.kind, {
        client: settings.client,
        now: settings.now,
        retry: settings.retry,
        trackIntervalMs: settings.trackIntervalMs,
        holdMs: settings.holdMs,
      });
      deps.onAnswer(result);
      answered.push({ kind: call.kind, rows: call.rows.length, result, startedMono, answeredAt: mono() });
    })()
      .catch((error: unknown) => {
        deps.noteError(error, 'a send could not be recorded; its rows stay in sending until the next start reconciles them');
      })
      .finally(() => {
        inFlight.delete(task);
        launch();
        deps.alarm.notify();
      });
    inFlight.add(task);
  }

  function launch(): void {
    while (ready.length > 0 && inFlight.size < settings.concurrency && deps.maySend()) {
      const call = ready.shift();
      if (call !== undefined) start(call);
    }
  }

  function callsWanted(): number {
    return Math.max(0, settings.concurrency - inFlight.size) + ahead - ready.length;
  }

  function wantsExchange(): boolean {
    const oldest = answered[0];
    if (oldest !== undefined) {
      if (answered.length >= together || ready.length < together || inFlight.size === 0) return true;
      if (mono() - oldest.answeredAt >= ANSWER_WAIT_MS) return true;
    }
    return deps.maySend() && paceAllows() && ready.length < together && callsWanted() > 0;
  }

  function logRecorded(call: AnsweredCall, recorded: RecordResult | undefined): void {
    if (recorded !== undefined && recorded.uidConflicts.length > 0) {
      deps.log.warn({ uids: recorded.uidConflicts }, 'the gateway answered uids other rows already carry; recorded without them');
    }
    if (call.result.decisions.length === 0 || !deps.log.isLevelEnabled('info')) return;
    const tally = (k: string) => call.result.decisions.filter((d) => d.kind === k).length;
    deps.log.info(
      {
        kind: call.kind,
        rows: call.rows,
        accepted: tally('accepted'),
        failed: tally('failed'),
        retried: tally('retry') + tally('hold'),
        unknown: tally('unknown'),
        ms: Math.round(call.answeredAt - call.startedMono),
      },
      'batch sent',
    );
  }

  function charge(batch: ClaimedBatch): number {
    return pacer.take(segmentsOf(batch.rows));
  }

  /** The inverse of `charge` for one call's rows. */
  function refund(call: ReadyCall): void {
    pacer.refund(segmentsOf(call.rows));
  }

  async function exchange(options: { claim: boolean }): Promise<ExchangeResult> {
    const recording = answered.splice(0);
    const calls = options.claim && deps.maySend() ? callsWanted() : 0;
    let result: RecordAndClaimResult;
    try {
      result = await recordAndClaim(settings.db, {
        workerId: settings.workerId,
        now: settings.now(),
        answered: recording,
        calls,
        holdPromotional: isQuietTime(settings.now(), settings.quietHours),
        // Charged as claimed: with a limited pace only what may go now is claimed, nothing ahead.
        mayClaim: paceAllows,
        batchLimit: () => pacer.batchLimit(),
        minOneOffs: minOneOffs(),
        onClaimed: charge,
        ...(settings.sharedPace ? { sharedPace: { slackMs: PACE_SLACK_MS } } : {}),
      });
    } catch (error) {
      answered.unshift(...recording);
      throw error;
    }
    recording.forEach((call, i) => {
      const recorded = result.recorded[i];
      deps.summary.cancelled += recorded?.cancelled ?? 0;
      logRecorded(call, recorded);
    });
    deps.summary.skipped += result.skipped;
    const claimRan = result.batches.length > 0 || result.short;
    if (claimRan) oneOffsWaitingSince = result.oneOffsWaiting > 0 ? (oneOffsWaitingSince ?? mono()) : undefined;
    if (result.oneOffsWaiting > 0 || result.batches.some(carriesOneOffs)) oneOffsLastDue = mono();
    if (result.paceWaitMs > 0) pacer.follow(result.paceWaitMs);
    for (const batch of result.batches) ready.push({ kind: batch.kind, rows: batch.rows, fresh: true });
    launch();
    // Those that did not fit wait for a call to come back: checked again before they go.
    for (const call of ready) call.fresh = false;
    return { ...result, claimed: calls > 0 };
  }

  function releaseReady(reason: string): void {
    for (const call of ready.splice(0)) answered.push(released(call, reason));
  }

  function answerDeadlineMs(): number | undefined {
    const oldest = answered[0];
    return oldest === undefined ? undefined : Math.max(1, oldest.answeredAt + ANSWER_WAIT_MS - mono());
  }

  async function settle(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  return {
    launch,
    wantsExchange,
    exchange,
    releaseReady,
    answerDeadlineMs,
    callsInFlight: () => inFlight.size,
    answersWaiting: () => answered.length,
    callsReady: () => ready.length,
    settle,
    oneOffLingerMs: () => {
      const left = lingerLeftMs();
      return left === undefined ? undefined : Math.max(1, left);
    },
  };
}

/** A claim takes one-offs or one campaign's rows, never both (claimBatch): the first row tells. */
function carriesOneOffs(batch: { rows: readonly { campaign_id: number | null }[] }): boolean {
  return batch.rows[0]?.campaign_id === null;
}
