/** A sliding one-second window of admitted calls: the platform's per-token throttle. */
export interface RateWindow {
  /** True when a call at `nowMs` fits under `limit` calls per second; it is then counted. */
  admit(nowMs: number, limit: number): boolean;
  clear(): void;
}

const WINDOW_MS = 1000;

export function createRateWindow(): RateWindow {
  // Times of admitted calls, oldest first; `head` skips the expired ones without shifting the array.
  let times: number[] = [];
  let head = 0;
  return {
    admit(nowMs, limit) {
      while (head < times.length && (times[head] as number) <= nowMs - WINDOW_MS) head += 1;
      if (head > 1024 && head * 2 > times.length) {
        times = times.slice(head);
        head = 0;
      }
      // Refused calls are not counted, as Laravel's throttle does not count them: a client that
      // backs off is let through again once the window has moved on.
      if (times.length - head >= limit) return false;
      times.push(nowMs);
      return true;
    },
    clear() {
      times = [];
      head = 0;
    },
  };
}
