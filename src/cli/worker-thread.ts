/**
 * The thread `cafe-sms worker` runs the outbox worker in (see bounded-thread.ts for why). It reads
 * its configuration the way any command does — the thread has the process's environment and
 * working folder — opens its own connection to the database, and answers with the run's summary.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { campaignAdvancer } from '../campaigns/index.js';
import type { Config } from '../config/index.js';
import { toCafeError } from '../errors/index.js';
import { createGatewayClient } from '../gateway/index.js';
import type { Logger } from '../log/index.js';
import { createWorker } from '../outbox/index.js';
import type { Store } from '../store/index.js';
import type { ThreadReply, ThreadRequest } from './bounded-thread.js';
import { createCliContext, requireToken } from './context.js';
import { withStore } from './store-context.js';

export interface WorkerThreadInput {
  untilIdle: boolean;
  /** Readable log lines: decided by the parent, which can see whether stderr is a terminal. */
  prettyLogs: boolean;
}

function buildWorker(config: Readonly<Config>, store: Store, logger: Logger) {
  const client = createGatewayClient({
    baseUrl: config.apiUrl,
    token: requireToken(config),
    senderId: config.senderId,
    concurrency: config.sendConcurrency,
    logger,
  });
  return createWorker({
    db: store.db,
    client,
    logger,
    sendRate: config.sendRate,
    concurrency: config.sendConcurrency,
    quietHours: config.quietHours,
    reconcileGraceMs: config.reconcileGraceMs,
    idlePollMs: config.workerIdlePollMs,
    staleWorkerMs: config.workerStaleMs,
    trackIntervalMs: config.trackIntervalMs,
    optOutKeywords: config.optOutKeywords,
    optInKeywords: config.optInKeywords,
    senderId: config.senderId,
    defaultCountry: config.defaultCountry,
    advanceCampaigns: campaignAdvancer(store.db, { defaultCountry: config.defaultCountry }),
  });
}

async function run(port: NonNullable<typeof parentPort>, input: WorkerThreadInput): Promise<void> {
  const stop = new AbortController();
  port.on('message', (request: ThreadRequest) => {
    if (request.kind === 'stop') stop.abort();
  });
  let reply: ThreadReply;
  try {
    const context = createCliContext({ pretty: input.prettyLogs });
    const config = context.config();
    const summary = await withStore(context, (store) => {
      const worker = buildWorker(config, store, context.logger());
      return input.untilIdle ? worker.runUntilIdle(stop.signal) : worker.run(stop.signal);
    });
    reply = { kind: 'result', value: summary };
  } catch (error) {
    reply = { kind: 'error', error: toCafeError(error).toJSON() };
  }
  port.postMessage(reply);
  // The parent listens for stop requests until the thread ends; this thread has nothing left to do.
  port.close();
}

if (parentPort !== null) await run(parentPort, workerData as WorkerThreadInput);
