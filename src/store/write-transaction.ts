import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { isPostgres } from './dialect.js';
import type { Database } from './schema.js';

/**
 * Runs `fn` in a transaction that holds the database's write lock from its first statement, or
 * inside the caller's transaction when there already is one.
 *
 * SQLite's plain BEGIN takes the write lock only at the first write; if another process (the
 * worker, the server) commits between our first read and that write, SQLite refuses with
 * SQLITE_BUSY_SNAPSHOT at once instead of waiting. Taking the lock up front makes a busy database
 * wait (busy_timeout) rather than fail.
 *
 * PostgreSQL locks rows, not the database: its transactions run side by side, and the statements
 * that must not race (claims, chores) take their own row or advisory locks.
 */
export async function writeTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(async (trx) => {
    if (!isPostgres(trx)) await takeWriteLock(trx);
    return fn(trx);
  });
}

/** A write that changes nothing still takes the lock; contacts is the one table always there. */
async function takeWriteLock(trx: Kysely<Database>): Promise<void> {
  await sql`update contacts set id = id where 0`.execute(trx);
}

/**
 * Inside a write transaction: waits until no other transaction holds `key`, and holds it until
 * this one ends. SQLite's write lock already makes transactions one at a time; on PostgreSQL a
 * transaction-scoped advisory lock on the key's hash does it for transactions about the same key
 * (an Idempotency-Key), while others run side by side.
 */
export async function lockKeyForTransaction(trx: Kysely<Database>, key: string): Promise<void> {
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}
