import type { Kysely } from 'kysely';
import { writeTransaction, type Database } from '../store/index.js';
import {
  chargeSharedPace,
  claimBatch,
  recordOutcomes,
  takeSharedPaceTurn,
  type ClaimedBatch,
  type RecordResult,
} from '../store/outbox/index.js';
import type { CallResult } from './send-claimed.js';

/** A call whose answer came back and waits to be recorded (with the next claim, in one commit). */
export interface AnsweredCall {
  kind: 'single' | 'bulk';
  rows: number;
  result: CallResult;
  startedMono: number;
  answeredAt: number;
}

export interface RecordAndClaimInput {
  workerId: string;
  now: Date;
  /** Answers to record. */
  answered: readonly AnsweredCall[];
  /** Calls to claim rows for, at most (0: record only). */
  calls: number;
  /** Quiet hours: promotional rows are not claimed. */
  holdPromotional: boolean;
  /** Asked before each claim: whether the pace allows another call (the pacer is charged as batches are claimed). */
  mayClaim: () => boolean;
  /** Rows for the next bulk call (the pace's batch size, ≤ 50). */
  batchLimit: () => number;
  /** Due one-offs are claimed only when at least this many are due (see claimBatch). */
  minOneOffs: number;
  /**
   * Called for each claimed batch, inside the transaction (the pacer is charged before the next
   * claim). Answers the milliseconds of sending the batch costs at the pace.
   */
  onClaimed: (batch: ClaimedBatch) => number;
  /**
   * With several workers on one database (PostgreSQL): the account's shared pace is locked and read
   * before claiming (workers claim in turn), claims wait while it is more than `slackMs` ahead, and
   * it is charged with what was claimed, in this transaction.
   */
  sharedPace?: { slackMs: number };
}

export interface RecordAndClaimResult {
  /** One per answered call, in order. */
  recorded: RecordResult[];
  batches: ClaimedBatch[];
  /** Rows skipped because their customer opted out. */
  skipped: number;
  /** A claim found fewer rows than it had room for: the queue ran dry (for now). */
  short: boolean;
  /** The account's shared pace allows the next call only in this many ms (no rows were claimed). */
  paceWaitMs: number;
  /** Due one-offs left waiting for a fuller call (fewer than `minOneOffs`). */
  oneOffsWaiting: number;
}

/** Claims tried in one transaction at most; skipped-only claims (opt-outs) do not fill a slot. */
const MAX_CLAIMS = 16;

/**
 * Steps 2 and 3 of the guarantee in ONE write transaction — one commit (one fsync) for several
 * calls' worth of work: the answers that came back are recorded (each call's rows all-or-nothing,
 * as recordOutcomes does alone), then the next batches are claimed for up to `calls` calls. The
 * commit happens before any of the claimed rows is sent, so a claim still precedes its call.
 */
export async function recordAndClaim(db: Kysely<Database>, input: RecordAndClaimInput): Promise<RecordAndClaimResult> {
  return writeTransaction(db, async (trx) => {
    const recorded: RecordResult[] = [];
    for (const call of input.answered) {
      recorded.push(
        await recordOutcomes(trx, call.result.updates, { workerId: input.workerId, now: input.now, sentAt: call.result.sentAt }),
      );
    }
    const result: RecordAndClaimResult = { recorded, batches: [], skipped: 0, short: false, paceWaitMs: 0, oneOffsWaiting: 0 };
    if (input.calls > 0 && input.sharedPace !== undefined) {
      result.paceWaitMs = await takeSharedPaceTurn(trx, input.now);
      if (result.paceWaitMs > input.sharedPace.slackMs) return result;
      result.paceWaitMs = 0;
    }
    let chargedMs = 0;
    let free = input.calls;
    for (let claims = 0; free > 0 && claims < MAX_CLAIMS && input.mayClaim(); claims += 1) {
      const limit = input.batchLimit();
      const batch = await claimBatch(trx, {
        workerId: input.workerId,
        now: input.now,
        limit,
        minOneOffs: input.minOneOffs,
        holdPromotional: input.holdPromotional,
      });
      result.skipped += batch.skipped;
      result.oneOffsWaiting = batch.oneOffsWaiting;
      if (batch.rows.length === 0) {
        if (batch.skipped > 0) continue;
        result.short = true;
        break;
      }
      free -= 1;
      result.batches.push(batch);
      chargedMs += input.onClaimed(batch);
      if (batch.rows.length + batch.skipped < limit) {
        result.short = true;
        break;
      }
    }
    if (input.sharedPace !== undefined) await chargeSharedPace(trx, chargedMs, input.now);
    return result;
  });
}
