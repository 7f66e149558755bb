/**
 * The crash-proof outbox: every SMS cafe-sms sends goes through a durable row here, and the worker
 * sends each row exactly once. The gateway takes no idempotency key, so that rests on the row being
 * claimed before the call and on reconciling lost answers against the gateway's own list: the
 * guarantee and its six steps, which the code cites by number, are in docs/outbox.md ("The
 * exactly-once guarantee").
 */
export { createWorker, type Worker } from './worker.js';
export type { WorkerOptions } from './options.js';
export {
  addSummaries,
  emptySummary,
  WORKER_STATES,
  type WorkerError,
  type WorkerSnapshot,
  type WorkerState,
  type WorkerSummary,
} from './snapshot.js';
export { enqueueOneOff, ONE_OFF_PRIORITY, type EnqueuedMessage, type EnqueueOptions, type OneOffInput } from './enqueue-one-off.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './outcome-policy.js';
