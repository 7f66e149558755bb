import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** A prepared statement that also tells whether it leaves the database as it found it. */
export interface CachedSqliteStatement extends SqliteStatement {
  readonly readonly: boolean;
}

/** What better-sqlite3 gives that kysely's own type leaves out: `readonly`, `inTransaction`. */
interface BetterSqliteDatabase {
  close(): void;
  prepare(sql: string): SqliteStatement & { readonly readonly: boolean };
  readonly inTransaction: boolean;
}

export interface CachedSqliteDatabase extends SqliteDatabase {
  prepare(sql: string): CachedSqliteStatement;
  /** Whether a transaction is open on the connection (SQLite's own answer, not our bookkeeping). */
  readonly inTransaction: boolean;
}

/**
 * The better-sqlite3 handle kysely is given, with `prepare` answered from a cache. kysely's driver
 * prepares every statement anew; SQLite's prepare (parse, plan) cost the worker more than the
 * writes of a 50-row claim. The SQL texts are few — the hot paths reuse a handful of shapes — so a
 * small least-recently-used map holds them all.
 *
 * Sharing a statement is safe here: kysely runs one query at a time on its single connection, and a
 * streamed query, which keeps its statement busy until the stream ends, gets a statement of its own.
 */
export function withStatementCache(database: BetterSqliteDatabase, capacity = DEFAULT_CAPACITY): CachedSqliteDatabase {
  const cache = new Map<string, CachedSqliteStatement>();
  return {
    close: () => database.close(),
    get inTransaction() {
      return database.inTransaction;
    },
    prepare(sql: string): CachedSqliteStatement {
      const cached = cache.get(sql);
      if (cached !== undefined) {
        // Map keeps insertion order: moving a hit to the end makes the first key the least recently used.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = streamingOnAFreshStatement(database.prepare(sql), () => database.prepare(sql));
      cache.set(sql, statement);
      if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      return statement;
    },
  };
}

const DEFAULT_CAPACITY = 256;

/** `iterate` (a streamed query) runs on a fresh statement, so the cached one is never left busy. */
function streamingOnAFreshStatement(
  statement: SqliteStatement & { readonly readonly: boolean },
  fresh: () => SqliteStatement,
): CachedSqliteStatement {
  return {
    get reader() {
      return statement.reader;
    },
    readonly: statement.readonly,
    all: (parameters) => statement.all(parameters),
    run: (parameters) => statement.run(parameters),
    iterate: (parameters) => fresh().iterate(parameters),
  };
}
