/**
 * One run of the outbox worker as `cafe-sms worker` makes it: opens its own connection to the
 * database, runs the worker with the configuration and the settings changed in the dashboard (as
 * `serve` does), and answers the run's summary.
 */
import { campaignAdvancer } from '../campaigns/index.js';
import { createGatewayClient } from '../gateway/index.js';
import { createLogger } from '../log/index.js';
import { createWorker, type WorkerSummary } from '../outbox/index.js';
import { readSettingOverrides } from '../settings/read-settings.js';
import { openStore } from '../store/index.js';
import { noteHeapBounds } from './heap-bounds.js';
import { runFollowingSettings, withOverrides, type WorkerSettings } from './follow-settings.js';
import type { OutboxWorkerInput } from './worker-input.js';

/** How often a running worker looks at the dashboard's settings. */
const SETTINGS_POLL_MS = 5000;

export async function runWorker(input: OutboxWorkerInput, stop: AbortSignal): Promise<WorkerSummary> {
  const logger = createLogger({ level: input.log.level, pretty: input.log.pretty });
  noteHeapBounds(logger);
  const store = await openStore(input.databaseUrl, { logger });
  const workerWith = (w: WorkerSettings) =>
    createWorker({
      db: store.db,
      client: createGatewayClient({
        baseUrl: input.gateway.baseUrl,
        token: input.gateway.token,
        senderId: w.senderId,
        concurrency: w.concurrency,
        // The worker's pacer learns the gateway's limit from throttled sends; retrying here would hide them.
        retryThrottledSends: false,
        logger,
      }),
      logger,
      sendRate: w.sendRate,
      concurrency: w.concurrency,
      quietHours: w.quietHours,
      reconcileGraceMs: w.reconcileGraceMs,
      idlePollMs: w.idlePollMs,
      staleWorkerMs: w.staleWorkerMs,
      trackIntervalMs: w.trackIntervalMs,
      optOutKeywords: w.optOutKeywords,
      optInKeywords: w.optInKeywords,
      senderId: w.senderId,
      defaultCountry: w.defaultCountry,
      advanceCampaigns: campaignAdvancer(store.db, { defaultCountry: w.defaultCountry, maxSegments: w.maxSegments }),
      subscribeWakeUps: store.subscribeWakeUps,
    });
  try {
    if (input.mode === 'untilIdle') {
      const settings = withOverrides(input.worker, await readSettingOverrides(store.db));
      return await workerWith(settings).runUntilIdle(stop);
    }
    return await runFollowingSettings({
      db: store.db,
      logger,
      settings: input.worker,
      pollMs: input.settingsPollMs ?? SETTINGS_POLL_MS,
      run: (settings, signal) => workerWith(settings).run(signal),
      stop,
    });
  } finally {
    await store.close();
  }
}
