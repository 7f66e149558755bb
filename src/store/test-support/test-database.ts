import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SCHEMA_CHANGE_LOCK } from '../migrate.js';
import { openStore } from '../open-store.js';

/**
 * The database the tests of this run use: SQLite files by default; PostgreSQL when
 * CAFE_SMS_TEST_DATABASE=postgres (the `postgres` project of vitest.config.ts sets it). Each test
 * gets a database of its own: a SQLite file in its folder, or a fresh PostgreSQL schema, dropped
 * afterwards.
 */
export type TestDialect = 'sqlite' | 'postgres';

export const TEST_DIALECT: TestDialect = process.env['CAFE_SMS_TEST_DATABASE'] === 'postgres' ? 'postgres' : 'sqlite';

/** The PostgreSQL server the tests use (this project's machines run one there, trust authentication). */
export const TEST_POSTGRES_URL = process.env['CAFE_SMS_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  /** DATABASE_URL for it. */
  readonly url: string;
  readonly dialect: TestDialect;
  /** Drops the schema (PostgreSQL); the SQLite file goes with its folder. Close its stores first. */
  drop(): Promise<void>;
}

/**
 * A new, empty database for one test: `sqliteFile` is where the file goes when the dialect is
 * SQLite. A PostgreSQL schema is migrated (as `cafe-sms db migrate` would) unless `migrated` is
 * false: processes only check a PostgreSQL schema, they do not upgrade it.
 */
export async function createTestDatabase(
  sqliteFile: string,
  dialect: TestDialect = TEST_DIALECT,
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  if (dialect === 'sqlite') return { url: sqliteFile, dialect, drop: async () => {} };
  const schema = `t_${process.pid}_${randomBytes(6).toString('hex')}`;
  await onServer(`create schema ${schema}`);
  const url = new URL(TEST_POSTGRES_URL);
  url.searchParams.set('schema', schema);
  if (options.migrated !== false) await (await openStore(url.toString(), { migrations: 'upgrade' })).close();
  // Under the lock migrations take (see migrate.ts): kysely's table lookup fails on a schema dropped under it.
  const drop =
    `select pg_advisory_lock(${SCHEMA_CHANGE_LOCK}); drop schema if exists ${schema} cascade; ` +
    `select pg_advisory_unlock(${SCHEMA_CHANGE_LOCK})`;
  return {
    url: url.toString(),
    dialect,
    drop: async () => {
      await onServer(drop);
    },
  };
}

/** One statement on the test server, on a connection of its own; answers the rows of its last result. */
export async function onServer(statement: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const result = (await client.query(statement)) as pg.QueryResult | pg.QueryResult[];
    return (Array.isArray(result) ? result.at(-1)?.rows : result.rows) ?? [];
  } finally {
    await client.end();
  }
}
