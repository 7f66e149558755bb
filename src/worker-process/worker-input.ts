import type { Config, Secret } from '../config/index.js';
import type { QuietHours } from '../quiet-hours/index.js';

/** Everything the worker's run needs: configuration enters the process once, in the command, and is passed down. */
export interface OutboxWorkerInput {
  /** 'run': until asked to stop; 'untilIdle': until nothing is left to send now. */
  mode: 'run' | 'untilIdle';
  /** DATABASE_URL as the worker opens it: a SQLite file's absolute path, or a PostgreSQL URL. */
  databaseUrl: string;
  gateway: { baseUrl: string; token: Secret };
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
export function workerInputFromConfig(config: Readonly<Config>): OutboxWorkerInput['worker'] {
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
