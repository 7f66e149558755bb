import type { Kysely } from 'kysely';
import { campaignAdvancer } from '../campaigns/index.js';
import type { Config, Secret } from '../config/index.js';
import { createGatewayClient } from '../gateway/index.js';
import type { Logger } from '../log/index.js';
import { createWorker, type Worker, type WorkerOptions } from '../outbox/index.js';
import type { Settings } from '../settings/read-settings.js';
import type { Database } from '../store/index.js';

export interface OutboxWorkerParts {
  db: Kysely<Database>;
  config: Readonly<Config>;
  /** The configuration with the dashboard's changes over it (readSettings). */
  settings: Settings;
  /** Where to send: the real gateway, or the sandbox's simulator. */
  gateway: { baseUrl: string; token: Secret };
  logger: Logger;
  /** Given by the store (PostgreSQL's wake-ups), or by tests (idle poll, track interval…). */
  workerOptions?: Partial<WorkerOptions>;
}

/** The outbox worker that `cafe-sms worker` and `cafe-sms serve` run, from the settings in force. */
export function createOutboxWorker(parts: OutboxWorkerParts): Worker {
  const { db, config, settings, logger } = parts;
  return createWorker({
    db,
    // The worker's pacer learns the gateway's limit from throttled sends; retrying here would hide them.
    client: createGatewayClient({ ...parts.gateway, senderId: settings.senderId, retryThrottledSends: false, logger }),
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
    ...parts.workerOptions,
  });
}
