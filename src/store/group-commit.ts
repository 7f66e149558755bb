import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { isPostgres } from './dialect.js';
import type { Database } from './schema.js';
import { writeTransaction } from './write-transaction.js';

/** Runs small write transactions; on SQLite, those that arrive together share one commit. */
export interface GroupCommit {
  /**
   * Runs `fn` in a write transaction and resolves once that transaction has committed (never
   * before: an answer given on it is durable). A `fn` that throws is rolled back alone and rejects
   * alone; the others in its commit are unaffected.
   */
  run<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Commits made so far (each may carry many runs). */
  commits(): number;
}

/** Most runs in one commit: a long group would keep the worker's own transactions waiting. */
const MAX_GROUP = 64;

interface Job {
  fn: (trx: Kysely<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit, as databases do for their own log: SQLite's single connection runs one transaction
 * at a time, and a small one spends most of its time on its BEGIN, its COMMIT and the log's sync
 * (wal-sync.ts). Requests that arrive while one commit is being written wait for it and then go
 * together in the next, each inside a savepoint so that one request's error undoes only its own
 * writes. An idle server still commits a lone request at once (one turn of the event loop later).
 *
 * PostgreSQL commits transactions side by side and groups their log flushes itself, so there each
 * run is simply its own transaction.
 */
export function createGroupCommit(db: Kysely<Database>): GroupCommit {
  let waiting: Job[] = [];
  let flushing = false;
  let commits = 0;

  async function flush(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (waiting.length > 0) {
      const group = waiting.slice(0, MAX_GROUP);
      waiting = waiting.slice(group.length);
      await commitGroup(group);
    }
    flushing = false;
  }

  async function commitGroup(group: readonly Job[]): Promise<void> {
    let settled: Settled[];
    try {
      settled = await writeTransaction(db, async (trx) => {
        const results: Settled[] = [];
        for (const job of group) results.push(await runInSavepoint(trx, job.fn));
        return results;
      });
      commits += 1;
    } catch (error) {
      for (const job of group) job.reject(error);
      return;
    }
    group.forEach((job, i) => {
      const result = settled[i];
      if (result?.ok) job.resolve(result.value);
      else job.reject(result?.error);
    });
  }

  return {
    run<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
      if (isPostgres(db) || db.isTransaction) return writeTransaction(db, fn);
      return new Promise<T>((resolve, reject) => {
        waiting.push({ fn, resolve: resolve as (value: unknown) => void, reject });
        if (flushing) return;
        flushing = true;
        void flush();
      });
    },
    commits: () => commits,
  };
}

async function runInSavepoint(trx: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<unknown>): Promise<Settled> {
  await sql`savepoint grouped_run`.execute(trx);
  try {
    const value = await fn(trx);
    await sql`release savepoint grouped_run`.execute(trx);
    return { ok: true, value };
  } catch (error) {
    await sql`rollback to savepoint grouped_run`.execute(trx);
    await sql`release savepoint grouped_run`.execute(trx);
    return { ok: false, error };
  }
}
