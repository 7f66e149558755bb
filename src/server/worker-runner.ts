import type { Config, Secret } from '../config/index.js';
import type { Logger } from '../log/index.js';
import type { WorkerSnapshot, WorkerSummary } from '../outbox/index.js';
import { startOutboxThread, workerInputFromConfig, type BoundedThread, type OutboxThreadInput } from '../worker-thread/index.js';
import type { WorkerView } from './app-deps.js';
import type { Settings } from './settings.js';

/** The outbox worker of `cafe-sms serve`, in a thread of its own, restarted whenever the settings change. */
export interface WorkerRunner extends WorkerView {
  start(settings: Settings): void;
  /** Stops the running worker (its in-flight calls are recorded) and starts one with `settings`. */
  restart(settings: Settings): Promise<void>;
  /** Stops the worker; resolves once its in-flight calls are recorded. */
  stop(): Promise<void>;
  snapshot(): WorkerSnapshot | null;
}

export interface WorkerRunnerOptions {
  config: Readonly<Config>;
  logger: Logger;
  /** The SQLite file (the store's path): the worker's thread opens its own connection to it. */
  databasePath: string;
  /** Where to send: the real gateway, or the sandbox's simulator. */
  gateway: { baseUrl: string; token: Secret };
  /** Readable log lines from the worker too (the parent can see whether stderr is a terminal). */
  prettyLogs?: boolean;
  /** How often the dashboard's view of the worker is refreshed; 500 ms by default. */
  snapshotEveryMs?: number;
  /** Timing knobs for tests. */
  timing?: { idlePollMs?: number; heartbeatMs?: number };
}

interface Running {
  thread: BoundedThread<WorkerSummary>;
  /** Resolves with the thread's first snapshot (or when it ends without one). */
  started: Promise<void>;
}

const SNAPSHOT_EVERY_MS = 500;

/**
 * The worker runs in a thread, not on the API's event loop: a burst of API requests does not hold
 * up sending, and the worker's memory is bounded as `cafe-sms worker`'s is. The API shows the last
 * snapshot the thread reported (at most half a second old).
 */
export function createWorkerRunner(options: WorkerRunnerOptions): WorkerRunner {
  const { config, logger } = options;
  let running: Running | undefined;
  let latest: WorkerSnapshot | null = null;
  // Restarts run one after another, so two quick settings changes cannot leave two workers running.
  let queue: Promise<void> = Promise.resolve();

  const inputFor = (settings: Settings): OutboxThreadInput => ({
    mode: 'run',
    databasePath: options.databasePath,
    gateway: { baseUrl: options.gateway.baseUrl, token: options.gateway.token.reveal() },
    worker: {
      ...workerInputFromConfig(config),
      senderId: settings.senderId,
      sendRate: settings.sendRate,
      concurrency: settings.sendConcurrency,
      quietHours: settings.quietHours,
      optOutKeywords: settings.optOutKeywords,
      optInKeywords: settings.optInKeywords,
      ...(options.timing?.idlePollMs === undefined ? {} : { idlePollMs: options.timing.idlePollMs }),
      ...(options.timing?.heartbeatMs === undefined ? {} : { heartbeatMs: options.timing.heartbeatMs }),
    },
    log: { level: config.logLevel, pretty: options.prettyLogs === true },
    snapshotEveryMs: options.snapshotEveryMs ?? SNAPSHOT_EVERY_MS,
  });

  const start = (settings: Settings): void => {
    let markStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    const thread = startOutboxThread(inputFor(settings), (snapshot) => {
      latest = snapshot;
      markStarted();
    });
    thread.done.then(
      () => markStarted(),
      (error: unknown) => {
        markStarted();
        logger.error({ err: error }, 'outbox worker failed; restart cafe-sms serve to start it again');
      },
    );
    running = { thread, started };
  };

  const stopCurrent = async (): Promise<void> => {
    const current = running;
    if (current === undefined) return;
    running = undefined;
    current.thread.stop();
    // A failure was logged when it happened; stopping only waits for the end.
    await current.thread.done.catch(() => undefined);
  };

  return {
    start,
    restart(settings) {
      queue = queue.then(async () => {
        await stopCurrent();
        start(settings);
        await running?.started;
      });
      return queue;
    },
    stop() {
      queue = queue.then(stopCurrent);
      return queue;
    },
    snapshot: () => latest,
  };
}
