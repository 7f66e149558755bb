/** A monotonic clock for unit tests that moves only when told: `now()` in ms, from 1000. */
export interface ManualClock {
  now: () => number;
  advance: (ms: number) => number;
}

export function manualClock(start = 1000): ManualClock {
  let now = start;
  return { now: () => now, advance: (ms) => (now += ms) };
}
