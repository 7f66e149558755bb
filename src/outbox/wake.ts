import { setTimeout as delay } from 'node:timers/promises';

/** Waits `ms`, or less when the signal aborts; never rejects. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const abortableSleep: Sleep = async (ms, signal) => {
  try {
    await delay(ms, undefined, signal === undefined ? undefined : { signal });
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
};

/**
 * Lets the loop sleep until either its timer runs out or something it waits on happens (a call
 * finished, a list walk ended). A `notify` while nobody sleeps is kept, so the next `wait` returns
 * at once instead of missing it.
 */
export interface Alarm {
  wait(ms: number, signal: AbortSignal): Promise<void>;
  notify(): void;
}

export function createAlarm(sleep: Sleep): Alarm {
  let ring: (() => void) | undefined;
  let pending = false;
  return {
    async wait(ms, signal) {
      if (pending || signal.aborted) {
        pending = false;
        return;
      }
      const stop = new AbortController();
      const rung = new Promise<void>((resolve) => {
        ring = resolve;
      });
      const onAbort = () => stop.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        await Promise.race([sleep(Math.max(0, ms), stop.signal).catch(() => undefined), rung]);
      } finally {
        ring = undefined;
        signal.removeEventListener('abort', onAbort);
        stop.abort();
      }
    },
    notify() {
      if (ring) ring();
      else pending = true;
    },
  };
}
