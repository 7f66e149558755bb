/**
 * The gateway's limit on calls a second for one token, found by being throttled: the platform
 * does not announce it, and answers a call over it with HTTP 200 "Too Many Attempts." and no
 * Retry-After. When a call is throttled, the calls that went through in the second before it are
 * what the gateway allows; from then on calls are spaced to 95 % of that (a decrease never below
 * half the limit known before), and the next one waits until the gateway's second has moved past
 * the calls it counted. Throttles within a second of the first are the same event. Every
 * ten seconds without a throttle the limit is probed 5 % higher, so a raised limit is found again
 * (additive increase, multiplicative decrease, as TCP does).
 *
 * The gateway counts calls when they arrive, in a sliding second. Spacing alone does not keep to
 * that: a call whose timer fired late (a busy event loop, a slow commit) lands close to the next,
 * and five then fit in one second where four were planned. So each call is also admitted against
 * the times calls actually left, and what is learned from a throttle is counted from those times
 * too: a bunch of late calls is not mistaken for a lower limit.
 */
export interface CallLimiter {
  /** Books the next call's moment under the spacing; answers how long to wait for it (0: now). */
  reserve(): number;
  /**
   * Asked as the call is about to leave: answers how long it must still wait so that no more
   * calls leave in one second than the gateway allows (ask again after), or 0: it leaves now and
   * is counted.
   */
  admit(): number;
  /** A call was throttled: learn the limit from the calls that went through just before it. */
  throttled(): void;
  /** Calls a second, or undefined while the gateway has not throttled us. */
  limit(): number | undefined;
  /** Starts from a limit learned earlier, unless one was learned since. */
  assume(callsPerSecond: number): void;
}

/** The window the platform counts calls in. */
const WINDOW_MS = 1000;
/** Kept under what the gateway let through, so that jitter does not tip a call over. */
const MARGIN = 0.95;
const PROBE_EVERY_MS = 10_000;
const PROBE_STEP = 1.05;
const MIN_LIMIT = 0.1;
/** Waited beyond the moment a counted call leaves the window, against timer and clock granularity. */
const EDGE_MS = 2;

export function createCallLimiter(now: () => number): CallLimiter {
  let limit: number | undefined;
  let nextSlotAt = Number.NEGATIVE_INFINITY;
  let lastThrottleAt = Number.NEGATIVE_INFINITY;
  let probedAt = now();
  // When recent calls actually left, oldest first; only the last window is kept.
  const leftAt: number[] = [];
  // The calls one window may carry: what the gateway let through when `limit` was learned.
  const perWindow = () => (limit === undefined ? undefined : Math.max(1, Math.floor(limit / MARGIN + 1e-9)));

  // In place, and only what fell out of the window: admit() runs before every call.
  const forget = (at: number) => {
    const from = leftAt.findIndex((time) => time > at - WINDOW_MS);
    if (from < 0) leftAt.length = 0;
    else if (from > 0) leftAt.splice(0, from);
  };

  function probe(at: number): void {
    if (limit === undefined || at - probedAt < PROBE_EVERY_MS) return;
    limit *= PROBE_STEP;
    probedAt = at;
  }

  function learn(at: number): void {
    forget(at);
    // The throttled call is among those that left; the gateway let the others through.
    const letThrough = leftAt.length - 1;
    probedAt = at;
    if (letThrough <= 0) {
      // Nothing else of ours went through: the limit is lower than we knew, by how much unknown.
      if (limit !== undefined) limit = Math.max(MIN_LIMIT, limit / 2);
      return;
    }
    const seen = letThrough * MARGIN;
    limit = Math.max(MIN_LIMIT, limit === undefined ? seen : Math.max(limit / 2, Math.min(limit, seen)));
  }

  return {
    reserve() {
      const at = now();
      probe(at);
      const slot = limit === undefined ? at : Math.max(at, nextSlotAt);
      if (limit !== undefined) nextSlotAt = slot + 1000 / limit;
      return slot - at;
    },
    admit() {
      const at = now();
      forget(at);
      const allowed = perWindow();
      if (allowed !== undefined && leftAt.length >= allowed) return leftAt[leftAt.length - allowed]! + WINDOW_MS + EDGE_MS - at;
      leftAt.push(at);
      return 0;
    },
    throttled() {
      const at = now();
      // No call before the gateway's second has moved past the calls it counted.
      forget(at);
      const oldest = leftAt[0];
      if (oldest !== undefined) nextSlotAt = Math.max(nextSlotAt, oldest + WINDOW_MS);
      if (at - lastThrottleAt < WINDOW_MS) return;
      lastThrottleAt = at;
      learn(at);
    },
    limit: () => limit,
    assume(callsPerSecond) {
      if (limit === undefined && Number.isFinite(callsPerSecond) && callsPerSecond > 0) limit = Math.max(MIN_LIMIT, callsPerSecond);
    },
  };
}
