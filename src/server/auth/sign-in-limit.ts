/**
 * Counts failed sign-ins per (username, IP) and refuses further tries once too many failed within
 * the window, so a password cannot be guessed by brute force. In memory, per server process: a
 * restart forgets the counts, which is acceptable for a single-process server (the attacker still
 * gets only a handful of tries per restart).
 */
export interface SignInLimiter {
  /** Milliseconds to wait before trying again, or 0 when a try is allowed now. */
  retryAfterMs(key: string, now: number): number;
  recordFailure(key: string, now: number): void;
  recordSuccess(key: string): void;
}

export interface SignInLimitOptions {
  /** Failures allowed within the window; default 5. */
  maxFailures?: number;
  /** Default 15 minutes. */
  windowMs?: number;
  /** Keys remembered at most, so a flood of made-up usernames cannot fill memory; default 10,000. */
  maxKeys?: number;
}

export function signInKey(username: string, ip: string): string {
  return `${username.trim().toLowerCase()}\u0000${ip}`;
}

export function createSignInLimiter(options: SignInLimitOptions = {}): SignInLimiter {
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 15 * 60 * 1000;
  const maxKeys = options.maxKeys ?? 10_000;
  const failures = new Map<string, number[]>();

  const recent = (key: string, now: number): number[] => {
    const times = (failures.get(key) ?? []).filter((time) => now - time < windowMs);
    if (times.length === 0) failures.delete(key);
    else failures.set(key, times);
    return times;
  };

  return {
    retryAfterMs(key, now) {
      const times = recent(key, now);
      if (times.length < maxFailures) return 0;
      // Allowed again once the oldest failure that still counts leaves the window.
      const oldest = times[times.length - maxFailures] ?? now;
      return Math.max(1, oldest + windowMs - now);
    },
    recordFailure(key, now) {
      const times = recent(key, now);
      times.push(now);
      failures.set(key, times);
      if (failures.size > maxKeys) {
        // Map iteration is insertion order: forget the longest-known keys first.
        const oldestKey = failures.keys().next().value;
        if (oldestKey !== undefined) failures.delete(oldestKey);
      }
    },
    recordSuccess(key) {
      failures.delete(key);
    },
  };
}
