/**
 * The entry of the outbox worker's thread: opens its own connection to the database, runs the
 * worker with the input its parent gave and the settings changed in the dashboard (as `serve`
 * does), and answers the run's summary.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { campaignAdvancer } from '../campaigns/index.js';
import { Secret } from '../config/index.js';
import { toCafeError } from '../errors/index.js';
import { createGatewayClient } from '../gateway/index.js';
import { createLogger } from '../log/index.js';
import { createWorker, type WorkerSummary } from '../outbox/index.js';
import { readSettingOverrides } from '../settings/read-settings.js';
import { openStore } from '../store/index.js';
import type { ThreadMessage, ThreadRequest } from './bounded-thread.js';
import { runFollowingSettings, withOverrides, type WorkerSettings } from './follow-settings.js';
import type { OutboxThreadInput } from './input.js';

/** How often a running worker looks at the dashboard's settings. */
const SETTINGS_POLL_MS = 5000;

async function runWorker(input: OutboxThreadInput, stop: AbortSignal): Promise<WorkerSummary> {
  const logger = createLogger({ level: input.log.level, pretty: input.log.pretty });
  const store = await openStore(input.databaseUrl, { logger });
  const workerWith = (w: WorkerSettings) =>
    createWorker({
      db: store.db,
      client: createGatewayClient({
        baseUrl: input.gateway.baseUrl,
        token: new Secret(input.gateway.token),
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

async function main(port: MessagePort, input: OutboxThreadInput): Promise<void> {
  const stop = new AbortController();
  port.on('message', (request: ThreadRequest) => {
    if (request.kind === 'stop') stop.abort();
  });
  let answer: ThreadMessage;
  try {
    answer = { kind: 'result', value: await runWorker(input, stop.signal) };
  } catch (error) {
    answer = { kind: 'error', error: toCafeError(error).toJSON() };
  }
  port.postMessage(answer);
  // The parent's stop requests are all this thread still listens to: closing lets it end.
  port.close();
}

if (parentPort !== null) await main(parentPort, workerData as OutboxThreadInput);
