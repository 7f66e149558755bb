import type { Kysely } from 'kysely';
import type { Logger } from '../log/index.js';
import { addSummaries, emptySummary, type WorkerSummary } from '../outbox/index.js';
import { readSettingOverrides, type Settings } from '../settings/read-settings.js';
import type { Database } from '../store/index.js';
import type { OutboxWorkerInput } from './worker-input.js';

export type WorkerSettings = OutboxWorkerInput['worker'];

/** The settings the dashboard may change that the worker uses (the opt-out line is the campaigns'). */
type DashboardOverrides = Partial<Pick<Settings, 'senderId' | 'sendRate' | 'quietHours'>>;

/** The configuration's settings with the dashboard's changes over them. */
export function withOverrides(settings: WorkerSettings, overrides: DashboardOverrides): WorkerSettings {
  return {
    ...settings,
    ...(overrides.senderId === undefined ? {} : { senderId: overrides.senderId }),
    ...(overrides.sendRate === undefined ? {} : { sendRate: overrides.sendRate }),
    ...(overrides.quietHours === undefined ? {} : { quietHours: overrides.quietHours }),
  };
}

function sameSettings(a: WorkerSettings, b: WorkerSettings): boolean {
  return a.senderId === b.senderId && a.sendRate === b.sendRate && JSON.stringify(a.quietHours) === JSON.stringify(b.quietHours);
}

export interface FollowSettingsOptions {
  db: Kysely<Database>;
  logger: Logger;
  /** The configuration's settings, before the dashboard's changes. */
  settings: WorkerSettings;
  /** How often the stored settings are read again. */
  pollMs: number;
  /** Runs one worker with these settings until `signal` aborts; answers its summary. */
  run: (settings: WorkerSettings, signal: AbortSignal) => Promise<WorkerSummary>;
  stop: AbortSignal;
}

/**
 * Runs the worker until `stop` with the settings staff set in the dashboard, as `serve` does: every
 * `pollMs` they are read again, and when they changed, the running worker finishes and records its
 * calls in flight, and one with the new settings takes over. Answers the runs' summaries together.
 */
export async function runFollowingSettings(options: FollowSettingsOptions): Promise<WorkerSummary> {
  let settings = withOverrides(options.settings, await readSettingOverrides(options.db));
  let total = emptySummary();
  while (!options.stop.aborted) {
    const current = new AbortController();
    const stopCurrent = () => current.abort();
    options.stop.addEventListener('abort', stopCurrent, { once: true });
    let next: WorkerSettings | undefined;
    const timer = setInterval(() => {
      readSettingOverrides(options.db)
        .then((overrides) => {
          const latest = withOverrides(options.settings, overrides);
          if (next === undefined && !sameSettings(latest, settings)) {
            next = latest;
            current.abort();
          }
        })
        .catch((error: unknown) => options.logger.warn({ err: error }, 'could not read the dashboard settings; keeping the current ones'));
    }, options.pollMs);
    try {
      total = addSummaries(total, await options.run(settings, current.signal));
    } finally {
      clearInterval(timer);
      options.stop.removeEventListener('abort', stopCurrent);
    }
    if (next === undefined) break;
    options.logger.info(
      { senderId: next.senderId, sendRate: next.sendRate },
      'settings changed in the dashboard: worker restarted with them',
    );
    settings = next;
  }
  return total;
}
