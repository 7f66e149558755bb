import type { Kysely } from 'kysely';
import { campaignAdvancer } from '../campaigns/index.js';
import type { Config, Secret } from '../config/index.js';
import { createGatewayClient } from '../gateway/index.js';
import type { Logger } from '../log/index.js';
import { createWorker, type WorkerOptions, type WorkerSnapshot } from '../outbox/index.js';
import type { Database } from '../store/index.js';
import type { WorkerView } from './app-deps.js';
import type { Settings } from '../settings/index.js';

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
    // The worker's pacer learns the gateway's limit from throttled sends; retrying here would hide them.
    const client = createGatewayClient({ ...options.gateway, senderId: settings.senderId, retryThrottledSends: false, logger });
    const worker = createWorker({
      db,
      client,
      logger,
      sendRate: settings.sendRate,
      concurrency: settings.sendConcurrency,
      quietHours: settings.quietHours,
      reconcileGraceMs: config.reconcileGraceMs,
      idlePollMs: config.workerIdlePollMs,
      staleWorkerMs: config.workerStaleMs,
      trackIntervalMs: config.trackIntervalMs,
      optOutKeywords: settings.optOutKeywords,
      optInKeywords: settings.optInKeywords,
      senderId: settings.senderId,
      defaultCountry: config.defaultCountry,
      advanceCampaigns: campaignAdvancer(db, { defaultCountry: config.defaultCountry, maxSegments: config.maxSegments }),
      ...options.workerOptions,
    });
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
