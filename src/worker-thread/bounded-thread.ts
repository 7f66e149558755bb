import { Worker } from 'node:worker_threads';
import { CafeError, type ErrorCode } from '../errors/index.js';

/** Parent → thread. */
export type ThreadRequest = { kind: 'stop' };

/** Thread → parent: its one answer. */
export type ThreadMessage = { kind: 'result'; value: unknown } | { kind: 'error'; error: Record<string, unknown> };

export interface BoundedThreadOptions {
  /** Data the thread reads as `workerData` (structured-cloned). */
  input: unknown;
  /** Ceiling of the thread's old generation, in MB. */
  heapMb: number;
  /** Aborting it asks the thread to stop. */
  signal: AbortSignal;
}

/**
 * The young generation, where short-lived objects are made and swept: V8 sizes it by the machine
 * (tens of MB), and a worker that allocates steadily fills all of it. 8 MB took the outbox worker's
 * peak RSS from 186-195 MB to 159-161 MB (10,000 and 1,000,000 recipients, `npm run bench --
 * campaign`, 2026-12-03) with the same throughput (9,746 against 9,894 msg/s).
 */
const YOUNG_GENERATION_MB = 8;

/**
 * Runs a job in a worker thread whose heap is bounded, and answers what it answers; aborting
 * `signal` asks it to stop (it finishes what is in flight, then answers).
 *
 * A process's V8 heap limits can only be set on its command line, which `node bin/cafe-sms.js …`,
 * npm scripts and service files each write differently; a thread's are set here, in code. A bounded
 * heap also changes how V8 grows it: with the default multi-gigabyte limit, the outbox worker's old
 * generation grew to four times its 25 MB of live objects before collecting (RSS 230 MB while
 * materialising a million-recipient campaign); with a ceiling of a few hundred MB it stays near twice
 * (RSS 180 MB: measured alike with 128, 256 and 512 MB ceilings).
 */
export function runBoundedThread<T>(entry: URL, options: BoundedThreadOptions): Promise<T> {
  const resourceLimits = { maxOldGenerationSizeMb: options.heapMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
  const thread = new Worker(entry, { workerData: options.input, resourceLimits });
  const stop = () => thread.postMessage({ kind: 'stop' } satisfies ThreadRequest);
  options.signal.addEventListener('abort', stop, { once: true });
  let answer: ThreadMessage | undefined;
  return new Promise<T>((resolve, reject) => {
    thread.on('message', (message: ThreadMessage) => {
      answer = message;
    });
    thread.on('error', (error: Error & { code?: string }) => {
      answer ??= { kind: 'error', error: threadFailure(error, options.heapMb) };
    });
    thread.on('exit', (exitCode) => {
      options.signal.removeEventListener('abort', stop);
      if (answer?.kind === 'result') resolve(answer.value as T);
      else if (answer?.kind === 'error') reject(fromJson(answer.error));
      else reject(new CafeError('internal', `The worker thread ended (exit code ${exitCode}) without an answer`));
    });
  });
}

function threadFailure(error: Error & { code?: string }, heapMb: number): Record<string, unknown> {
  if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return {
      code: 'internal',
      message: `The worker ran out of its ${heapMb} MB of memory; messages it had claimed are reconciled at the next start`,
    };
  }
  return { code: 'internal', message: error.message };
}

/** The CafeError a thread described with toJSON(). */
function fromJson(json: Record<string, unknown>): CafeError {
  const text = (key: string) => (typeof json[key] === 'string' ? json[key] : undefined);
  const details = json.details !== null && typeof json.details === 'object' ? (json.details as Record<string, unknown>) : undefined;
  return new CafeError((text('code') ?? 'internal') as ErrorCode, text('message') ?? 'The worker thread failed', {
    httpStatus: typeof json.httpStatus === 'number' ? json.httpStatus : undefined,
    gatewayMessage: text('gatewayMessage'),
    input: text('input'),
    field: text('field'),
    requestSent: typeof json.requestSent === 'boolean' ? json.requestSent : undefined,
    details,
  });
}
