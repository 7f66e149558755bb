import type { Kysely } from 'kysely';
import type { WorkerRow } from '../messaging-tables.js';
import type { Database } from '../schema.js';

export interface WorkerIdentity {
  id: string;
  pid: number;
  hostname: string;
}

/** Announces a worker: its rows are its own while its heartbeat is fresh and its process alive. */
export async function registerWorker(db: Kysely<Database>, worker: WorkerIdentity, now: Date, snapshot: unknown): Promise<void> {
  const nowIso = now.toISOString();
  await db
    .insertInto('workers')
    .values({
      id: worker.id,
      pid: worker.pid,
      hostname: worker.hostname,
      started_at: nowIso,
      heartbeat_at: nowIso,
      stopped_at: null,
      snapshot: JSON.stringify(snapshot),
    })
    .onConflict((oc) => oc.column('id').doUpdateSet({ pid: worker.pid, hostname: worker.hostname, heartbeat_at: nowIso, stopped_at: null }))
    .execute();
}

/**
 * Step 4 of the guarantee: "I am alive", with what the worker is doing for the dashboard. A worker
 * whose heartbeats came late (a database outage, a starved machine) may have been taken for dead by
 * another, its messages out turned `unknown` for reconciling; it is alive after all, so it is listed
 * again, and its later claims are not taken from it at every check. Answers whether that happened.
 */
export async function writeHeartbeat(
  db: Kysely<Database>,
  workerId: string,
  now: Date,
  snapshot: unknown,
): Promise<{ wasTakenForDead: boolean }> {
  const revived = await db
    .updateTable('workers')
    .set({ stopped_at: null })
    .where('id', '=', workerId)
    .where('stopped_at', 'is not', null)
    .executeTakeFirst();
  await db
    .updateTable('workers')
    .set({ heartbeat_at: now.toISOString(), snapshot: JSON.stringify(snapshot) })
    .where('id', '=', workerId)
    .execute();
  return { wasTakenForDead: Number(revived.numUpdatedRows) > 0 };
}

/** A clean stop: in-flight calls were recorded, nothing of this worker is left in `sending`. */
export async function markWorkerStopped(db: Kysely<Database>, workerId: string, now: Date, snapshot: unknown): Promise<void> {
  const nowIso = now.toISOString();
  await db
    .updateTable('workers')
    .set({ heartbeat_at: nowIso, stopped_at: nowIso, snapshot: JSON.stringify(snapshot) })
    .where('id', '=', workerId)
    .execute();
}

/** Workers not known to have stopped, newest heartbeat first (the dashboard's list). */
export async function listActiveWorkers(db: Kysely<Database>): Promise<WorkerRow[]> {
  return db.selectFrom('workers').selectAll().where('stopped_at', 'is', null).orderBy('heartbeat_at', 'desc').execute();
}

/** Deletes workers that stopped before `before`; a stopped worker owns no row in `sending`. */
export async function forgetStoppedWorkers(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('workers').where('stopped_at', '<', before.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
