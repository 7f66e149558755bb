import { toCafeError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { forgetStoppedWorkers, markWorkerStopped, registerWorker, writeHeartbeat } from '../store/outbox/index.js';
import type { WorkerSettings } from './options.js';
import type { WorkerSnapshot } from './snapshot.js';

/** Stopped workers stay listed a week (the dashboard's history), then their rows go. */
const STOPPED_WORKERS_KEPT_MS = 7 * 24 * 3_600_000;

export interface WorkerPresence {
  /** Registers the run (forgetting workers stopped long ago) and starts the heartbeat. */
  announce(): Promise<void>;
  stopHeartbeat(): Promise<void>;
  /** Writes the last snapshot as stopped; answers the error if that failed (the run's end must go on). */
  markStopped(last: WorkerSnapshot): Promise<unknown>;
}

/**
 * A worker's row in `workers`: how other processes find it alive (the heartbeat, from any machine)
 * or dead (its rows in `sending` are then released), and what the dashboard shows of it.
 */
export function createWorkerPresence(deps: { settings: WorkerSettings; log: Logger; snapshot: () => WorkerSnapshot }): WorkerPresence {
  const { settings, log } = deps;
  const stop = new AbortController();
  let heartbeat: Promise<void> = Promise.resolve();

  async function beat(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await settings.sleep(settings.heartbeatMs, signal);
      if (signal.aborted) return;
      try {
        const { wasTakenForDead } = await writeHeartbeat(settings.db, settings.workerId, settings.now(), deps.snapshot());
        if (wasTakenForDead) {
          log.warn(
            { staleAfterMs: settings.staleWorkerMs },
            'another worker took this one for dead (its heartbeat came late): what it had out is checked with the gateway; it goes on',
          );
        }
      } catch (error) {
        log.error({ err: toCafeError(error).message }, 'heartbeat failed');
      }
    }
  }

  return {
    async announce() {
      const identity = { id: settings.workerId, pid: settings.pid, hostname: settings.hostname };
      await registerWorker(settings.db, identity, settings.now(), deps.snapshot());
      await forgetStoppedWorkers(settings.db, new Date(settings.now().getTime() - STOPPED_WORKERS_KEPT_MS));
      heartbeat = beat(stop.signal);
    },
    async stopHeartbeat() {
      stop.abort();
      await heartbeat;
    },
    async markStopped(last) {
      try {
        await markWorkerStopped(settings.db, settings.workerId, settings.now(), last);
        return undefined;
      } catch (error) {
        return error;
      }
    },
  };
}
