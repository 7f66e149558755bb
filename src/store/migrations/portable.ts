import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import { isPostgres } from '../dialect.js';

/**
 * The few places where a table is written differently for SQLite and PostgreSQL. The migrations
 * are the same list, with the same names, on both; on SQLite these produce exactly the schema the
 * earlier releases created, so a database already in use is never changed by them.
 */

/** An integer primary key the database numbers itself. */
export function addIdColumn<T extends string, C extends string>(
  db: Kysely<unknown>,
  table: CreateTableBuilder<T, C>,
): CreateTableBuilder<T, C | 'id'> {
  return isPostgres(db)
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** ISO-8601 UTC with milliseconds, the same text `new Date().toISOString()` gives. */
export function nowIsoDefault(db: Kysely<unknown>): RawBuilder<string> {
  return isPostgres(db)
    ? sql`(to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`
    : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
}

/** The column must hold a JSON document (PostgreSQL refuses the cast of anything else). */
export function jsonCheck(db: Kysely<unknown>, column: string): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return (c) => c.check(isPostgres(db) ? sql`(${sql.ref(column)}::jsonb) is not null` : sql`json_valid(${sql.ref(column)})`);
}

/**
 * SQLite: without rowid the primary key is the table, so an index that carries the key answers a
 * query alone. PostgreSQL has no such option (and needs none: its indexes point at the heap).
 */
export function withoutRowid<T extends string, C extends string>(
  db: Kysely<unknown>,
  table: CreateTableBuilder<T, C>,
): CreateTableBuilder<T, C> {
  return isPostgres(db) ? table : table.modifyEnd(sql`without rowid`);
}

/** An 8-byte float: SQLite's `real` is one, PostgreSQL's is 4 bytes. */
export function floatType(db: Kysely<unknown>): 'real' | 'double precision' {
  return isPostgres(db) ? 'double precision' : 'real';
}
