import type { CafeError } from '../errors/index.js';
import type { SendOutcome } from '../gateway/index.js';

/**
 * What to do with a claimed row once its send has an outcome. The gateway client has already
 * retried what was safe to retry within the call; this decides the row's next state.
 */
export type RowDecision =
  | { kind: 'accepted'; uid: string | undefined; status: string | undefined; cost: number | undefined }
  /** Surely not sent and worth another try later: back to `queued` after `delayMs`. */
  | { kind: 'retry'; delayMs: number; error: CafeError; countsAsAttempt: boolean }
  /** Surely not sent and never will be (invalid number, blacklisted, refused): `failed`. */
  | { kind: 'failed'; error: CafeError }
  /** May or may not have gone out: `unknown` until reconciled against the gateway's list. */
  | { kind: 'unknown'; error: CafeError }
  /**
   * Surely not sent because the gateway is down or failing on its side (unreachable, 5xx even after
   * the client's own retries): not the message's fault, so it goes back to `queued` with its attempt
   * given back, and the worker pauses sending while the outage lasts. An outage never fails a message.
   */
  | { kind: 'outage'; error: CafeError }
  /**
   * The account cannot send at all (bad token, no balance, sender id not authorised): the row goes
   * back to `queued` untouched and the worker stops sending until the operator fixes it.
   */
  | { kind: 'hold'; error: CafeError };

export interface RetryPolicy {
  /** First retry delay; doubles per attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts (claims) after which a retryable failure becomes final. Rate limiting never counts. */
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ baseDelayMs: 2000, maxDelayMs: 300_000, maxAttempts: 8 });

/** The gateway as a whole is unreachable or failing: every message would fare alike. */
const OUTAGE = new Set(['server', 'network']);
/** Failures of a request the gateway did not process and might process next time. */
const TRANSIENT = new Set(['timeout', 'bad_response']);

/** "Originator Cafe de Revenue is not authorized": every message of ours would be refused alike. */
const SENDER_REFUSED = /originator|sender[ _-]?id/i;

export function backoffMs(attempts: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

export function isAccountLevelFailure(error: CafeError): boolean {
  // 'config': the gateway's address is wrong (see the client's classification of a 404 to a send).
  if (error.code === 'auth' || error.code === 'insufficient_balance' || error.code === 'config') return true;
  return error.code === 'refused' && SENDER_REFUSED.test(error.gatewayMessage ?? error.message);
}

/** `attempts` is the row's attempt count including the call that just ended. */
export function decideRow(outcome: SendOutcome, attempts: number, policy: RetryPolicy): RowDecision {
  if (outcome.outcome === 'accepted') return { kind: 'accepted', uid: outcome.uid, status: outcome.status, cost: outcome.record?.cost };
  if (outcome.outcome === 'unknown') return { kind: 'unknown', error: outcome.error };
  const error = outcome.error;
  if (isAccountLevelFailure(error)) return { kind: 'hold', error };
  if (error.code === 'rate_limited') {
    return { kind: 'retry', delayMs: error.retryAfterMs ?? policy.baseDelayMs, error, countsAsAttempt: false };
  }
  if (OUTAGE.has(error.code)) return { kind: 'outage', error };
  if (TRANSIENT.has(error.code) && attempts < policy.maxAttempts) {
    return { kind: 'retry', delayMs: backoffMs(attempts, policy), error, countsAsAttempt: true };
  }
  return { kind: 'failed', error };
}
