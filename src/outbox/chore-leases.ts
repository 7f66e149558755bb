import type { Database } from '../store/index.js';
import { releaseLease, takeLease } from '../store/outbox/index.js';
import type { Kysely } from 'kysely';

/** The chores only one worker does at a time. */
export const CHORES = { gatewayWalk: 'gateway-walk', campaigns: 'prepare-campaigns' } as const;
export type Chore = (typeof CHORES)[keyof typeof CHORES];

export interface ChoreLeases {
  /** Whether this worker may do the chore now: it holds (or just took, or renewed) its lease. */
  holds(chore: Chore): Promise<boolean>;
  /** Gives every held lease up (a clean stop). */
  releaseAll(): Promise<void>;
}

/**
 * A worker's leases on the chores. A lease is renewed once half its time has passed, so a worker
 * that holds it writes about twice per `ttlMs`, not at every turn; one that does not hold it tries
 * again at most as often. Real time (not the business clock, which tests move): a lease is about
 * how long a process may be silent before another takes over.
 */
export function createChoreLeases(options: {
  db: Kysely<Database>;
  holder: string;
  ttlMs: number;
  onError: (error: unknown) => void;
}): ChoreLeases {
  const heldUntil = new Map<Chore, number>();
  const nextTryAt = new Map<Chore, number>();
  return {
    async holds(chore) {
      const now = Date.now();
      const until = heldUntil.get(chore) ?? 0;
      if (until - now > options.ttlMs / 2) return true;
      if (until <= now && now < (nextTryAt.get(chore) ?? 0)) return false;
      let taken = false;
      try {
        taken = await takeLease(options.db, { name: chore, holder: options.holder, now: new Date(now), ttlMs: options.ttlMs });
      } catch (error) {
        options.onError(error);
      }
      if (taken) heldUntil.set(chore, now + options.ttlMs);
      else {
        heldUntil.delete(chore);
        nextTryAt.set(chore, now + options.ttlMs / 4);
      }
      return taken || until > now;
    },
    async releaseAll() {
      for (const chore of heldUntil.keys()) {
        await releaseLease(options.db, { name: chore, holder: options.holder }).catch(options.onError);
      }
      heldUntil.clear();
    },
  };
}
