import { toCafeError, type CafeError } from '../errors/index.js';
import type { GatewayClient, OutgoingSms, SendOutcome } from '../gateway/index.js';
import type { ClaimedRow, OutcomeUpdate } from '../store/outbox/index.js';
import { decideRow, type RetryPolicy, type RowDecision } from './outcome-policy.js';

export interface CallResult {
  /** Row updates to record, in the rows' order. */
  updates: OutcomeUpdate[];
  decisions: RowDecision[];
  sentAt: Date;
}

export interface SendDeps {
  client: GatewayClient;
  now: () => Date;
  retry: RetryPolicy;
  /** First delivery check after acceptance. */
  trackIntervalMs: number;
  /** How long rows wait after an account-level refusal. */
  holdMs: number;
}

function toSms(row: ClaimedRow): OutgoingSms {
  return { to: row.phone, message: row.body, type: row.type };
}

/**
 * Makes the one gateway call for claimed rows (a single send for a lone one-off row, one bulk call
 * otherwise) and turns each outcome into the row's next state. The rows are already committed
 * in `sending`, so whatever happens here — even a crash — the guarantee holds.
 *
 * No abort signal reaches the call: a stopping worker lets calls in flight finish so that their
 * answers are recorded rather than lost.
 */
export async function sendClaimed(rows: readonly ClaimedRow[], kind: 'single' | 'bulk', deps: SendDeps): Promise<CallResult> {
  const sentAt = deps.now();
  let outcomes: SendOutcome[];
  try {
    outcomes =
      kind === 'single' && rows[0] !== undefined && rows.length === 1
        ? [await sendOne(rows[0], deps.client)]
        : await deps.client.sendBatch(rows.map(toSms));
  } catch (thrown) {
    // The client throws only for programming errors; the request may have gone out all the same.
    const error = toCafeError(thrown);
    outcomes = rows.map(() => ({ outcome: 'unknown', error }));
  }
  const now = deps.now();
  const decisions = rows.map((row, i) => decideRow(outcomes[i] ?? lostOutcome(), row.attempts, deps.retry));
  const updates = rows.map((row, i) => toUpdate(row.id, decisions[i] ?? { kind: 'unknown', error: lostOutcome().error }, now, deps));
  return { updates, decisions, sentAt };
}

/** The single-send endpoint has no message type: an image one-off goes as a bulk call of one. */
async function sendOne(row: ClaimedRow, client: GatewayClient): Promise<SendOutcome> {
  if (row.type !== 'image') return client.send(toSms(row));
  const [outcome] = await client.sendBatch([toSms(row)]);
  return outcome ?? lostOutcome();
}

function lostOutcome(): { outcome: 'unknown'; error: CafeError } {
  return { outcome: 'unknown', error: toCafeError(new Error('The gateway client answered no outcome for this message')) };
}

function reason(error: CafeError): string {
  return error.gatewayMessage ?? error.message;
}

function toUpdate(id: number, decision: RowDecision, now: Date, deps: SendDeps): OutcomeUpdate {
  const at = (ms: number) => new Date(now.getTime() + ms);
  switch (decision.kind) {
    case 'accepted':
      return {
        id,
        state: 'accepted',
        uid: decision.uid,
        status: decision.status,
        cost: decision.cost,
        nextCheckAt: at(deps.trackIntervalMs),
      };
    case 'retry':
      return {
        id,
        state: 'queued',
        nextAttemptAt: at(decision.delayMs),
        errorCode: decision.error.code,
        errorMessage: reason(decision.error),
        refundAttempt: !decision.countsAsAttempt,
      };
    case 'outage':
      // Due again at once: the worker's pause, not the row, decides when sending resumes.
      return {
        id,
        state: 'queued',
        nextAttemptAt: now,
        errorCode: decision.error.code,
        errorMessage: reason(decision.error),
        refundAttempt: true,
      };
    case 'hold':
      return {
        id,
        state: 'queued',
        nextAttemptAt: at(deps.holdMs),
        errorCode: decision.error.code,
        errorMessage: reason(decision.error),
        refundAttempt: true,
      };
    case 'failed':
      return { id, state: 'failed', errorCode: decision.error.code, errorMessage: reason(decision.error) };
    case 'unknown':
      return { id, state: 'unknown', errorCode: decision.error.code, errorMessage: reason(decision.error) };
  }
}
