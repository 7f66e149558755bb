import type { Config } from '../config/index.js';
import type { QuietHours } from '../quiet-hours/index.js';

/**
 * Everything the thread needs, as plain data: configuration enters the process once, in its
 * parent, and is passed down. The token travels in memory only, to be wrapped in a Secret again.
 */
export interface OutboxThreadInput {
  /** 'run': until asked to stop; 'untilIdle': until nothing is left to send now. */
  mode: 'run' | 'untilIdle';
  /** DATABASE_URL as the thread opens it: a SQLite file's absolute path, or a PostgreSQL URL (its own connections). */
  databaseUrl: string;
  gateway: { baseUrl: string; token: string };
  worker: {
    senderId: string;
    sendRate: number;
    concurrency: number;
    quietHours: QuietHours | null;
    optOutKeywords: string[];
    optInKeywords: string[];
    reconcileGraceMs: number;
    idlePollMs: number;
    staleWorkerMs: number;
    trackIntervalMs: number;
    defaultCountry: string;
    maxSegments: number;
  };
  log: { level: string; pretty: boolean };
  /** How often a running worker reads the dashboard's settings again; 5 s by default. */
  settingsPollMs?: number;
}

/** The worker part of the input, from the configuration. */
export function workerInputFromConfig(config: Readonly<Config>): OutboxThreadInput['worker'] {
  return {
    senderId: config.senderId,
    sendRate: config.sendRate,
    concurrency: config.sendConcurrency,
    quietHours: config.quietHours,
    optOutKeywords: [...config.optOutKeywords],
    optInKeywords: [...config.optInKeywords],
    reconcileGraceMs: config.reconcileGraceMs,
    idlePollMs: config.workerIdlePollMs,
    staleWorkerMs: config.workerStaleMs,
    trackIntervalMs: config.trackIntervalMs,
    defaultCountry: config.defaultCountry,
    maxSegments: config.maxSegments,
  };
}
