/**
 * The crash-proof outbox: every SMS cafe-sms sends goes through a durable row here, and the worker
 * sends each row exactly once.
 *
 * Guarantee: every recipient of a campaign (and every one-off message) gets exactly one SMS, across
 * pauses, restarts and crashes — a SIGKILL at any moment included. The gateway takes no idempotency
 * key, so exactly-once rests on the order of our own writes and on the gateway's message list:
 * 1. a durable outbox row per (campaign, phone), unique, is written before any call;
 * 2. a claim commits the rows in `sending` (worker id, claim time, attempts + 1) BEFORE the HTTP call,
 *    and skips customers who opted out in that same transaction;
 * 3. the answer is recorded in one transaction: accepted (with uid) / failed for good / queued again
 *    when the gateway surely did not take it (throttled, 502/503, no connection) / `unknown` when the
 *    answer was lost;
 * 4. workers beat a heartbeat; rows left in `sending` by a dead worker become `unknown`;
 * 5. an `unknown` row is never sent again blindly: the worker reads the gateway's list and pairs it
 *    with a record to the same number with the same text, sent after the claim (→ accepted). Only a
 *    row absent from a list read after the grace period (RECONCILE_GRACE_SECONDS) is queued again;
 * 6. pause, resume, restart and cancel never touch rows in sending/accepted/unknown.
 */
export { createWorker, type Worker } from './worker.js';
export type { WorkerOptions } from './options.js';
export { addSummaries, emptySummary, WORKER_STATES, type WorkerError, type WorkerSnapshot, type WorkerState, type WorkerSummary } from './snapshot.js';
export { enqueueOneOff, ONE_OFF_PRIORITY, type EnqueuedMessage, type EnqueueOptions, type OneOffInput } from './enqueue-one-off.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './outcome-policy.js';
export { FINAL_STATES, MESSAGE_STATES, UNSETTLED_STATES, type MessageState } from './states.js';
