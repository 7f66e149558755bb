import type { CafeError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { isQuietTime } from '../quiet-hours/index.js';
import { sendableCampaignIds, type ClaimedBatch, type ClaimedRow, type RecordResult } from '../store/outbox/index.js';
import type { WorkerSettings } from './options.js';
import type { Pacer } from './pacer.js';
import { recordAndClaim, type RecordAndClaimResult } from './record-and-claim.js';
import type { AnsweredCall, ReadyCall, RunState } from './run-state.js';
import { sendClaimed, type CallResult } from './send-claimed.js';
import type { Alarm } from './wake.js';

export interface CallPipelineDeps {
  settings: WorkerSettings;
  log: Logger;
  pacer: Pacer;
  alarm: Alarm;
  mono: () => number;
  /** Counts a call's decisions into the run and reacts to them (slow down, hold, look at the list). */
  onAnswer: (st: RunState, result: CallResult) => void;
  noteError: (st: RunState, error: unknown, context: string) => CafeError;
}

export interface ExchangeResult extends RecordAndClaimResult {
  /** Whether rows were asked for at all (false: answers recorded only). */
  claimed: boolean;
}

export interface CallPipeline {
  /** Starts ready calls while call slots are free. */
  launch(st: RunState): void;
  /** Whether this turn should write: enough answers are waiting, or the ready calls run low. */
  wantsExchange(st: RunState): boolean;
  /** One commit: records the answers waiting, claims the next calls into `ready`, starts what fits. */
  exchange(st: RunState, options: { claim: boolean }): Promise<ExchangeResult>;
  /** Puts the ready calls' rows back in the queue unsent (stopping, account refused). */
  releaseReady(st: RunState, reason: string): void;
  /** How long the oldest answer may still wait to be recorded (ms), or undefined. */
  answerDeadlineMs(st: RunState): number | undefined;
}

/** An answer waits at most this long for others to share its commit. */
const ANSWER_WAIT_MS = 50;
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
 * them unsent and queue them again.
 */
export function createCallPipeline(deps: CallPipelineDeps): CallPipeline {
  const s = deps.settings;
  const { pacer, mono } = deps;
  /** Calls claimed ahead (with unlimited pace): two rounds of calls. */
  const ahead = 2 * s.concurrency;
  /** Answers recorded together (and calls claimed together): a round. */
  const together = s.concurrency;

  const mayClaim = (st: RunState) => !st.stopping && st.fatal === undefined && st.heldUntil === undefined;
  const paceAllows = () => pacer.delayMs() < PACE_SLACK_MS;

  function released(call: ReadyCall, reason: string): AnsweredCall {
    refund(call);
    const now = s.now();
    const updates = call.rows.map((row) => ({
      id: row.id,
      state: 'queued' as const,
      nextAttemptAt: now,
      errorCode: 'not_sent',
      errorMessage: reason,
      refundAttempt: true,
    }));
    return { kind: call.kind, rows: call.rows.length, result: { updates, decisions: [], sentAt: now }, startedMono: mono(), answeredAt: mono() };
  }

  async function stillSendable(st: RunState, call: ReadyCall): Promise<boolean> {
    const ids = call.rows.flatMap((row) => (row.campaign_id === null ? [] : [row.campaign_id]));
    if (ids.length === 0) return true;
    try {
      const sendable = await sendableCampaignIds(s.db, ids, { holdPromotional: isQuietTime(s.now(), s.quietHours) });
      return ids.every((id) => sendable.has(id));
    } catch (error) {
      deps.noteError(st, error, 'checking a claimed batch before sending failed; it goes back to the queue');
      return false;
    }
  }

  function start(st: RunState, call: ReadyCall): void {
    const task: Promise<void> = (async () => {
      if (!call.fresh && !(await stillSendable(st, call))) {
        st.answered.push(released(call, 'Claimed, then held back: the campaign was paused or cancelled before it went out'));
        return;
      }
      st.summary.sent += call.rows.length;
      st.summary.calls += 1;
      const startedMono = mono();
      const result = await sendClaimed(call.rows, call.kind, {
        client: s.client,
        now: s.now,
        retry: s.retry,
        trackIntervalMs: s.trackIntervalMs,
        holdMs: s.holdMs,
      });
      deps.onAnswer(st, result);
      st.answered.push({ kind: call.kind, rows: call.rows.length, result, startedMono, answeredAt: mono() });
    })()
      .catch((error: unknown) => {
        deps.noteError(st, error, 'a send could not be recorded; its rows stay in sending until the next start reconciles them');
      })
      .finally(() => {
        st.inFlight.delete(task);
        launch(st);
        deps.alarm.notify();
      });
    st.inFlight.add(task);
  }

  function launch(st: RunState): void {
    while (st.ready.length > 0 && st.inFlight.size < s.concurrency && mayClaim(st)) {
      const call = st.ready.shift();
      if (call !== undefined) start(st, call);
    }
  }

  function callsWanted(st: RunState): number {
    return Math.max(0, s.concurrency - st.inFlight.size) + ahead - st.ready.length;
  }

  function wantsExchange(st: RunState): boolean {
    const oldest = st.answered[0];
    if (oldest !== undefined) {
      if (st.answered.length >= together || st.ready.length < together || st.inFlight.size === 0) return true;
      if (mono() - oldest.answeredAt >= ANSWER_WAIT_MS) return true;
    }
    return mayClaim(st) && paceAllows() && st.ready.length < together && callsWanted(st) > 0;
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
    if (batch.kind === 'bulk') return pacer.take(batch.rows.reduce((sum, row) => sum + row.segments, 0));
    return batch.rows.reduce((ms, row) => ms + pacer.take(row.segments), 0);
  }

  /** The inverse of `charge` for one call's rows. */
  function refund(call: ReadyCall): void {
    if (call.kind === 'single') for (const row of call.rows) pacer.refund(row.segments);
    else pacer.refund(call.rows.reduce((sum, row) => sum + row.segments, 0));
  }

  function callsOf(batch: ClaimedBatch): ClaimedRow[][] {
    return batch.kind === 'single' ? batch.rows.map((row) => [row]) : [batch.rows];
  }

  async function exchange(st: RunState, options: { claim: boolean }): Promise<ExchangeResult> {
    const answered = st.answered.splice(0);
    const calls = options.claim && mayClaim(st) ? callsWanted(st) : 0;
    let result: RecordAndClaimResult;
    try {
      result = await recordAndClaim(s.db, {
        workerId: s.workerId,
        now: s.now(),
        answered,
        calls,
        holdPromotional: isQuietTime(s.now(), s.quietHours),
        // Charged as claimed: with a limited pace only what may go now is claimed, nothing ahead.
        mayClaim: paceAllows,
        batchLimit: () => pacer.batchLimit(),
        onClaimed: charge,
        ...(s.sharedPace ? { sharedPace: { slackMs: PACE_SLACK_MS } } : {}),
      });
    } catch (error) {
      st.answered.unshift(...answered);
      throw error;
    }
    answered.forEach((call, i) => {
      const recorded = result.recorded[i];
      st.summary.cancelled += recorded?.cancelled ?? 0;
      logRecorded(call, recorded);
    });
    st.summary.skipped += result.skipped;
    if (result.paceWaitMs > 0) pacer.follow(result.paceWaitMs);
    for (const batch of result.batches) {
      for (const rows of callsOf(batch)) st.ready.push({ kind: batch.kind, rows, fresh: true });
    }
    launch(st);
    // Those that did not fit wait for a call to come back: checked again before they go.
    for (const call of st.ready) call.fresh = false;
    return { ...result, claimed: calls > 0 };
  }

  function releaseReady(st: RunState, reason: string): void {
    for (const call of st.ready.splice(0)) st.answered.push(released(call, reason));
  }

  function answerDeadlineMs(st: RunState): number | undefined {
    const oldest = st.answered[0];
    return oldest === undefined ? undefined : Math.max(1, oldest.answeredAt + ANSWER_WAIT_MS - mono());
  }

  return { launch, wantsExchange, exchange, releaseReady, answerDeadlineMs };
}
