import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * The better-sqlite3 handle kysely is given, with `prepare` answered from a cache. kysely's driver
 * prepares every statement anew; SQLite's prepare (parse, plan) cost the worker more than the
 * writes of a 50-row claim. The SQL texts are few — the hot paths reuse a handful of shapes — so a
 * small least-recently-used map holds them all.
 *
 * Sharing a statement is safe here: kysely runs one query at a time on its single connection, and a
 * streamed query, which keeps its statement busy until the stream ends, gets a statement of its own.
 */
export function withStatementCache(database: SqliteDatabase, capacity = DEFAULT_CAPACITY): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
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
function streamingOnAFreshStatement(statement: SqliteStatement, fresh: () => SqliteStatement): SqliteStatement {
  return {
    get reader() {
      return statement.reader;
    },
    all: (parameters) => statement.all(parameters),
    run: (parameters) => statement.run(parameters),
    iterate: (parameters) => fresh().iterate(parameters),
  };
}
