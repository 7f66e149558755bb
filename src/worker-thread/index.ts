/**
 * The outbox worker in a thread with a bounded heap, as `cafe-sms worker` runs it: until idle, or
 * until a signal. `cafe-sms serve` keeps its worker on the API's thread, as SQLite writers on two
 * threads wait on each other's locks (docs/outbox.md, "The worker's thread and its heap").
 */
import { CafeError } from '../errors/index.js';
import type { WorkerSummary } from '../outbox/index.js';
import { IN_MEMORY } from '../store/index.js';
import { runBoundedThread } from './bounded-thread.js';
import type { OutboxThreadInput } from './input.js';

export { workerInputFromConfig, type OutboxThreadInput } from './input.js';

/** A ceiling keeps V8 collecting early; the measurements behind 512: docs/outbox.md, "The worker's thread and its heap". */
const OUTBOX_THREAD_HEAP_MB = 512;

/**
 * The thread loads its entry itself, outside whatever loaded this module: from dist/ that is the
 * bundled dist/worker-thread/thread-main.js (this code may sit in a chunk in dist/chunks, hence the
 * path through the parent folder); run from the TypeScript sources (vitest, tsx), a bootstrap that
 * registers tsx first.
 */
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const ENTRY = new URL(FROM_SOURCES ? './thread-main-from-sources.mjs' : '../worker-thread/thread-main.js', import.meta.url);

/** The thread opens its own connection: an in-memory database would be a different, empty one. */
function checkShareable(input: OutboxThreadInput): void {
  if (input.databaseUrl === IN_MEMORY) {
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
