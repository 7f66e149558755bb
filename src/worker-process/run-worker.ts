/**
 * One run of the outbox worker as `cafe-sms worker` makes it: opens its own connection to the
 * database, runs the worker with the settings in force (the configuration with the dashboard's
 * changes over it, as `serve` does), and answers the run's summary.
 */
import type { Config, Secret } from '../config/index.js';
import type { Logger } from '../log/index.js';
import type { WorkerSummary } from '../outbox/index.js';
import { readSettings, type Settings } from '../settings/read-settings.js';
import { openStore } from '../store/index.js';
import { runFollowingSettings } from './follow-settings.js';
import { noteHeapBounds } from './heap-bounds.js';
import { createOutboxWorker } from './outbox-worker.js';

/** How often a running worker looks at the dashboard's settings. */
const SETTINGS_POLL_MS = 5000;

export interface OutboxWorkerInput {
  /** 'run': until asked to stop; 'untilIdle': until nothing is left to send now. */
  mode: 'run' | 'untilIdle';
  config: Readonly<Config>;
  /** SMSAPP_API_TOKEN, required by the command. */
  token: Secret;
  logger: Logger;
  /** How often a running worker reads the dashboard's settings again; 5 s by default. */
  settingsPollMs?: number;
}

export async function runWorker(input: OutboxWorkerInput, stop: AbortSignal): Promise<WorkerSummary> {
  const { config, logger } = input;
  noteHeapBounds(logger);
  const store = await openStore(config.databaseUrl, { logger });
  const gateway = { baseUrl: config.apiUrl, token: input.token };
  const workerWith = (settings: Settings) =>
    createOutboxWorker({
      db: store.db,
      config,
      settings,
      gateway,
      logger,
      ...(store.subscribeWakeUps === undefined ? {} : { workerOptions: { subscribeWakeUps: store.subscribeWakeUps } }),
    });
  try {
    if (input.mode === 'untilIdle') return await workerWith(await readSettings(store.db, config)).runUntilIdle(stop);
    return await runFollowingSettings({
      db: store.db,
      config,
      logger,
      pollMs: input.settingsPollMs ?? SETTINGS_POLL_MS,
      run: (settings, signal) => workerWith(settings).run(signal),
      stop,
    });
  } finally {
    await store.close();
  }
}
