/**
 * The outbox worker in a thread with a bounded heap: `cafe-sms worker` runs it until idle or a
 * signal; `cafe-sms serve` keeps one beside the HTTP API and restarts it when settings change.
 */
import { CafeError } from '../errors/index.js';
import type { WorkerSnapshot, WorkerSummary } from '../outbox/index.js';
import { IN_MEMORY } from '../store/index.js';
import { runBoundedThread, startBoundedThread, type BoundedThread } from './bounded-thread.js';
import type { OutboxThreadInput } from './input.js';

export { workerInputFromConfig, type OutboxThreadInput } from './input.js';
export { runBoundedThread, startBoundedThread, type BoundedThread } from './bounded-thread.js';

/**
 * The thread's old-generation ceiling. Its live objects are about 25 MB whatever the size of the
 * campaign; the rest is headroom for a burst of lost answers to reconcile.
 */
export const OUTBOX_THREAD_HEAP_MB = 128;

/**
 * The thread loads its entry itself, outside whatever loaded this module: from dist/ that is the
 * compiled .js; run from the TypeScript sources (vitest, tsx), a bootstrap that registers tsx first.
 */
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const ENTRY = new URL(FROM_SOURCES ? './thread-main-from-sources.mjs' : './thread-main.js', import.meta.url);

/** The thread opens its own connection: an in-memory database would be a different, empty one. */
function checkShareable(input: OutboxThreadInput): void {
  if (input.databasePath === IN_MEMORY) {
    throw new CafeError('config', 'The outbox worker needs a database file it can share: set DATABASE_URL to a file path, not :memory:', {
      input: 'DATABASE_URL',
    });
  }
}

/** Runs the worker once (`input.mode`); aborting `signal` stops it. Answers its summary. */
export async function runOutboxThread(input: OutboxThreadInput, signal: AbortSignal): Promise<WorkerSummary> {
  checkShareable(input);
  return runBoundedThread<WorkerSummary>(ENTRY, { input, heapMb: OUTBOX_THREAD_HEAP_MB, signal });
}

/** Starts the worker until stopped, calling `onSnapshot` every `input.snapshotEveryMs`. */
export function startOutboxThread(input: OutboxThreadInput, onSnapshot: (snapshot: WorkerSnapshot) => void): BoundedThread<WorkerSummary> {
  checkShareable(input);
  return startBoundedThread<WorkerSummary>(ENTRY, {
    input,
    heapMb: OUTBOX_THREAD_HEAP_MB,
    onNote: (note) => onSnapshot(note as WorkerSnapshot),
  });
}
