/**
 * The outbox's speed limit, in SMS segments per second (gateways bill and throttle per part).
 *
 * A token bucket that lets a batch go first and pays for it afterwards: `take(segments)` pushes the
 * next free moment forward by segments / pace, so rows spend no time in `sending` waiting for
 * tokens and the average stays at the pace. When the gateway says "too many", `slowDown` halves
 * the pace and holds everything for the Retry-After; the pace then grows back by a tenth of the
 * configured rate per second (additive increase, multiplicative decrease), so a throttled gateway
 * sees fewer calls rather than a storm of retries.
 */
export interface Pacer {
  /** Milliseconds until the next batch may be sent (0 = now). */
  delayMs(): number;
  /** Charges a batch that is being sent; answers the milliseconds it costs at the current pace. */
  take(segments: number): number;
  /** Waits as the account's shared pace says (several workers): no call before `delayMs` from now. */
  follow(delayMs: number): void;
  /** Gives back what a batch was charged when it was not sent after all: the queue waits only for what goes out. */
  refund(segments: number): void;
  /** The gateway throttled us: halve the pace and wait `retryAfterMs` (or a second). */
  slowDown(retryAfterMs?: number): void;
  /** Current pace in segments per second. */
  pace(): number;
  /** True while slowed down or cooling off after a throttle. */
  limited(): boolean;
  /** Rows worth claiming for one batch: about a second of sending, 1..50. */
  batchLimit(): number;
}

export interface PacerOptions {
  /** Configured pace, segments per second. */
  rate: number;
  /** Monotonic milliseconds; real time even when the business clock is faked. */
  clock?: () => number;
  /** Largest batch the gateway takes in one call. */
  maxBatch?: number;
}

/** Several calls throttled at once are one event: halve once per this window. */
const SLOWDOWN_WINDOW_MS = 1000;
const DEFAULT_COOL_OFF_MS = 1000;

export function createPacer(options: PacerOptions): Pacer {
  const clock = options.clock ?? (() => performance.now());
  const maxRate = options.rate;
  const minRate = maxRate / 32;
  const step = maxRate / 10;
  const maxBatch = options.maxBatch ?? 50;
  let baseRate = maxRate;
  let recoverFrom = clock();
  let lastSlowdown = Number.NEGATIVE_INFINITY;
  let coolOffUntil = Number.NEGATIVE_INFINITY;
  let nextFreeAt = clock();

  const pace = (): number => {
    const now = clock();
    if (now <= recoverFrom) return baseRate;
    return Math.min(maxRate, baseRate + (step * (now - recoverFrom)) / 1000);
  };

  return {
    delayMs() {
      const now = clock();
      return Math.max(0, nextFreeAt - now, coolOffUntil - now);
    },
    take(segments) {
      const now = clock();
      const cost = (Math.max(1, segments) * 1000) / pace();
      nextFreeAt = Math.max(nextFreeAt, now) + cost;
      return cost;
    },
    follow(delayMs) {
      nextFreeAt = Math.max(nextFreeAt, clock() + delayMs);
    },
    refund(segments) {
      nextFreeAt = Math.max(clock(), nextFreeAt - (Math.max(1, segments) * 1000) / pace());
    },
    slowDown(retryAfterMs) {
      const now = clock();
      coolOffUntil = Math.max(coolOffUntil, now + (retryAfterMs ?? DEFAULT_COOL_OFF_MS));
      if (now - lastSlowdown < SLOWDOWN_WINDOW_MS) return;
      baseRate = Math.max(minRate, pace() / 2);
      lastSlowdown = now;
      recoverFrom = coolOffUntil;
    },
    pace,
    limited() {
      return clock() < coolOffUntil || pace() < maxRate;
    },
    batchLimit() {
      return Math.max(1, Math.min(maxBatch, Math.floor(pace())));
    },
  };
}
