import type { Kysely } from 'kysely';
import type { Config, Secret } from '../config/index.js';
import type { Logger } from '../log/index.js';
import type { WorkerOptions, WorkerSnapshot } from '../outbox/index.js';
import type { Database } from '../store/index.js';
import type { WorkerView } from './app-deps.js';
import type { Settings } from '../settings/index.js';
import { createOutboxWorker } from '../worker-process/index.js';

/** The outbox worker inside `cafe-sms serve`, restarted whenever the settings change. */
export interface WorkerRunner extends WorkerView {
  start(settings: Settings): void;
  /** Stops the running worker (its in-flight calls are recorded) and starts one with `settings`. */
  restart(settings: Settings): Promise<void>;
  /** Stops the worker; resolves once its in-flight calls are recorded. */
  stop(): Promise<void>;
  snapshot(): WorkerSnapshot | null;
}

export interface WorkerRunnerOptions {
  db: Kysely<Database>;
  config: Readonly<Config>;
  logger: Logger;
  /** Where to send: the real gateway, or the sandbox's simulator. */
  gateway: { baseUrl: string; token: Secret };
  /** Timing knobs for tests (idle poll, track interval…). */
  workerOptions?: Partial<WorkerOptions>;
}

interface Running {
  snapshot(): WorkerSnapshot;
  controller: AbortController;
  done: Promise<void>;
}

export function createWorkerRunner(options: WorkerRunnerOptions): WorkerRunner {
  const { db, config, logger } = options;
  let running: Running | undefined;
  let lastSnapshot: WorkerSnapshot | null = null;
  // Restarts run one after another, so two quick settings changes cannot leave two workers running.
  let queue: Promise<void> = Promise.resolve();

  const start = (settings: Settings): void => {
    const worker = createOutboxWorker({ db, config, settings, gateway: options.gateway, logger, workerOptions: options.workerOptions });
    const controller = new AbortController();
    const done = worker.run(controller.signal).then(
      () => {
        lastSnapshot = worker.snapshot();
      },
      (error: unknown) => {
        lastSnapshot = worker.snapshot();
        logger.error({ err: error }, 'outbox worker failed; restart cafe-sms serve to start it again');
      },
    );
    running = { snapshot: () => worker.snapshot(), controller, done };
  };

  const stopCurrent = async (): Promise<void> => {
    const current = running;
    if (current === undefined) return;
    running = undefined;
    lastSnapshot = current.snapshot();
    current.controller.abort();
    await current.done;
  };

  return {
    start,
    restart(settings) {
      queue = queue.then(async () => {
        await stopCurrent();
        start(settings);
      });
      return queue;
    },
    stop() {
      queue = queue.then(stopCurrent);
      return queue;
    },
    snapshot: () => running?.snapshot() ?? lastSnapshot,
  };
}
