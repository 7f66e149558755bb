/**
 * The outbox worker as the commands run it: `createOutboxWorker` builds it from the settings in
 * force (for `serve`, beside its API, and for `cafe-sms worker`); `runOutboxWorker` is
 * `cafe-sms worker`, on the process's own thread, until idle or until a signal. Its heap is bounded
 * by the node flags on bin/cafe-sms.js's first line (docs/outbox.md, "The worker's heap").
 */
import { CafeError } from '../errors/index.js';
import type { WorkerSummary } from '../outbox/index.js';
import { IN_MEMORY } from '../store/index.js';
import { runWorker, type OutboxWorkerInput } from './run-worker.js';

export { createOutboxWorker, type OutboxWorkerParts } from './outbox-worker.js';
export type { OutboxWorkerInput } from './run-worker.js';

/** A worker on an in-memory database would open a new, empty one: nothing would ever be sent. */
function checkShareable(input: OutboxWorkerInput): void {
  if (input.config.databaseUrl === IN_MEMORY) {
    throw new CafeError(
      'config',
      'The outbox worker needs a database file: set DATABASE_URL to a file path, not :memory: (an empty database)',
      {
        input: 'DATABASE_URL',
      },
    );
  }
}

/** Runs the worker once (`input.mode`); aborting `signal` stops it. Answers its summary. */
export async function runOutboxWorker(input: OutboxWorkerInput, signal: AbortSignal): Promise<WorkerSummary> {
  checkShareable(input);
  return runWorker(input, signal);
}
