/**
 * The outbox worker as `cafe-sms worker` runs it: on the process's own thread, until idle or until
 * a signal. Its heap is bounded by the node flags on bin/cafe-sms.js's first line (docs/outbox.md,
 * "The worker's heap"); `cafe-sms serve` runs its worker beside the API instead.
 */
import { CafeError } from '../errors/index.js';
import type { WorkerSummary } from '../outbox/index.js';
import { IN_MEMORY } from '../store/index.js';
import { runWorker } from './run-worker.js';
import type { OutboxWorkerInput } from './worker-input.js';

export { workerInputFromConfig, type OutboxWorkerInput } from './worker-input.js';

/** A worker on an in-memory database would open a new, empty one: nothing would ever be sent. */
function checkShareable(input: OutboxWorkerInput): void {
  if (input.databaseUrl === IN_MEMORY) {
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
