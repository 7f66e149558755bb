import { createRequire } from 'node:module';
import type * as KyselyModule from 'kysely';

/*
 * kysely, as the store's modules use it at run time: its CommonJS build. Its ES module build is 263
 * files, which Node's ES module loader takes about twice as long to load as the same files through
 * require (some 140 ms against 70 ms here): a cost every command that opens the database pays at
 * start-up (bench/cli-startup.ts). The store imports kysely's values from here only, so that a
 * process holds one copy of kysely; types still come from 'kysely' (they are erased).
 */
const kysely = createRequire(import.meta.url)('kysely') as typeof KyselyModule;

export const {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
  PostgresDriver,
  PostgresIntrospector,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  sql,
} = kysely;

// The classes are types too, as they are when imported from 'kysely'.
export type CompiledQuery<O = unknown> = KyselyModule.CompiledQuery<O>;
export type Kysely<DB> = KyselyModule.Kysely<DB>;
export type Migrator = KyselyModule.Migrator;
export type PostgresAdapter = KyselyModule.PostgresAdapter;
export type PostgresDialect = KyselyModule.PostgresDialect;
export type PostgresDriver = KyselyModule.PostgresDriver;
export type PostgresIntrospector = KyselyModule.PostgresIntrospector;
export type SqliteAdapter = KyselyModule.SqliteAdapter;
export type SqliteDialect = KyselyModule.SqliteDialect;
export type SqliteDriver = KyselyModule.SqliteDriver;
