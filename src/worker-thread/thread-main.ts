/**
 * The entry of the outbox worker's thread: opens its own connection to the database, runs the
 * worker with the input its parent gave, and answers the run's summary.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { campaignAdvancer } from '../campaigns/index.js';
import { Secret } from '../config/index.js';
import { toCafeError } from '../errors/index.js';
import { createGatewayClient } from '../gateway/index.js';
import { createLogger } from '../log/index.js';
import { createWorker } from '../outbox/index.js';
import { openStore } from '../store/index.js';
import type { ThreadMessage, ThreadRequest } from './bounded-thread.js';
import type { OutboxThreadInput } from './input.js';

async function runWorker(input: OutboxThreadInput, stop: AbortSignal): Promise<unknown> {
  const logger = createLogger({ level: input.log.level, pretty: input.log.pretty });
  const store = await openStore(input.databasePath, { logger });
  try {
    const w = input.worker;
    const client = createGatewayClient({
      baseUrl: input.gateway.baseUrl,
      token: new Secret(input.gateway.token),
      senderId: w.senderId,
      concurrency: w.concurrency,
      logger,
    });
    const worker = createWorker({
      db: store.db,
      client,
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
      advanceCampaigns: campaignAdvancer(store.db, { defaultCountry: w.defaultCountry }),
    });
    return input.mode === 'untilIdle' ? await worker.runUntilIdle(stop) : await worker.run(stop);
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
