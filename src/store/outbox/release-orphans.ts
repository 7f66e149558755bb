import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { writeTransaction } from '../write-transaction.js';

export interface OrphanCheckOptions {
  /** The worker doing the check: never considered dead. */
  selfId: string;
  now: Date;
  /** This machine's hostname: only here can a pid be checked. */
  hostname: string;
  /** True while a process with that pid exists on this machine. */
  isAlive: (pid: number) => boolean;
  /** A heartbeat older than this means the worker is gone, wherever it ran. */
  staleMs: number;
}

export interface OrphanCheckResult {
  /** Workers found dead and marked stopped. */
  deadWorkers: string[];
  /** Rows moved from `sending` to `unknown`. */
  orphaned: number;
}

/**
 * Step 4 of the guarantee: rows left in `sending` by a worker that died (killed, crashed, machine
 * lost) become `unknown`. Their request may or may not have gone out, so they are never put back
 * in the queue directly; reconciliation against the gateway's list decides.
 *
 * A worker is dead when it runs on this host and its pid is gone, or when its heartbeat is older
 * than `staleMs`. Rows claimed by a worker that has no row at all, or one that stopped, are orphans
 * too.
 */
export async function releaseOrphans(db: Kysely<Database>, options: OrphanCheckOptions): Promise<OrphanCheckResult> {
  const nowIso = options.now.toISOString();
  const staleBefore = new Date(options.now.getTime() - options.staleMs).toISOString();
  return writeTransaction(db, async (trx) => {
    const workers = await trx
      .selectFrom('workers')
      .select(['id', 'pid', 'hostname', 'heartbeat_at'])
      .where('stopped_at', 'is', null)
      .execute();
    const dead = workers.filter(
      (w) => w.id !== options.selfId && ((w.hostname === options.hostname && !options.isAlive(w.pid)) || w.heartbeat_at < staleBefore),
    );
    const deadIds = new Set(dead.map((w) => w.id));
    const alive = [options.selfId, ...workers.map((w) => w.id).filter((id) => !deadIds.has(id))];
    if (dead.length > 0) {
      await trx
        .updateTable('workers')
        .set({ stopped_at: nowIso })
        .where('id', 'in', [...deadIds])
        .execute();
    }
    const result = await trx
      .updateTable('outbox_messages')
      .set({
        state: 'unknown',
        unknown_since: nowIso,
        error_code: 'orphaned',
        error_message: 'The worker sending it stopped before recording the answer',
        updated_at: nowIso,
      })
      .where('state', '=', 'sending')
      .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_by', 'not in', alive)]))
      .executeTakeFirst();
    return { deadWorkers: [...deadIds], orphaned: Number(result.numUpdatedRows) };
  });
}

/** Whether a process with this pid exists here (EPERM means it exists but belongs to someone else). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
