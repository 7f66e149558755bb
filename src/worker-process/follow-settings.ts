import type { Kysely } from 'kysely';
import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import { addSummaries, emptySummary, type WorkerSummary } from '../outbox/index.js';
import { readSettings, type Settings } from '../settings/read-settings.js';
import type { Database } from '../store/index.js';

/** Whether a worker runs alike under both: the settings it takes that the dashboard may change. */
function sameForTheWorker(a: Settings, b: Settings): boolean {
  return a.senderId === b.senderId && a.sendRate === b.sendRate && JSON.stringify(a.quietHours) === JSON.stringify(b.quietHours);
}

export interface FollowSettingsOptions {
  db: Kysely<Database>;
  /** The configuration, which the dashboard's changes go over (readSettings). */
  config: Readonly<Config>;
  logger: Logger;
  /** How often the stored settings are read again. */
  pollMs: number;
  /** Runs one worker with these settings until `signal` aborts; answers its summary. */
  run: (settings: Settings, signal: AbortSignal) => Promise<WorkerSummary>;
  stop: AbortSignal;
}

/**
 * Runs the worker until `stop` with the settings staff set in the dashboard, as `serve` does: every
 * `pollMs` they are read again, and when they changed, the running worker finishes and records its
 * calls in flight, and one with the new settings takes over. Answers the runs' summaries together.
 */
export async function runFollowingSettings(options: FollowSettingsOptions): Promise<WorkerSummary> {
  let settings = await readSettings(options.db, options.config);
  let total = emptySummary();
  while (!options.stop.aborted) {
    const current = new AbortController();
    const stopCurrent = () => current.abort();
    options.stop.addEventListener('abort', stopCurrent, { once: true });
    let next: Settings | undefined;
    const timer = setInterval(() => {
      readSettings(options.db, options.config)
        .then((latest) => {
          if (next === undefined && !sameForTheWorker(latest, settings)) {
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
