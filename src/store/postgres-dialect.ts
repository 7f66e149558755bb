import pg from 'pg';
import type { DatabaseConnection, DatabaseIntrospector, Driver, Kysely, TableMetadata } from 'kysely';
import { PostgresDialect, PostgresDriver, PostgresIntrospector, sql } from 'kysely';
import type { Logger } from '../log/index.js';
import { CafeErrorsConnection } from './cafe-errors-connection.js';
import type { PostgresLocation } from './database-url.js';
import { toStoreError } from './store-errors.js';

/** Connections one process keeps: the worker uses two or three at once, a server a few more. */
const POOL_SIZE = 8;
const CONNECT_TIMEOUT_MS = 5000;

/** OIDs of int8 (count(*), sum of integers) and numeric: numbers, not strings, as SQLite gives them. */
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** A pg pool for `location`: numbers read as numbers, the schema first on the search path. */
export function createPostgresPool(location: PostgresLocation, logger: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString: location.connectionString,
    max: POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...(location.schema === undefined ? {} : { options: `-c search_path=${location.schema}` }),
    types: { getTypeParser: typeParser },
  });
  // A connection that dies (a restart, pg_terminate_backend) says so by an 'error' event, and an
  // 'error' event nobody listens to ends the process. The pool listens only while a connection is
  // idle; one checked out between two statements of a transaction would take the worker down. So
  // each connection gets a listener of its own for all its life: the statement that meets the dead
  // connection fails, and the pool, given it back, drops it and opens another.
  pool.on('connect', (client) => {
    client.on('error', (error) => logger.warn({ err: error.message }, 'a PostgreSQL connection was lost; the pool opens another'));
  });
  // The pool repeats an idle connection's error on itself; the connection's own listener has said it.
  pool.on('error', () => undefined);
  return pool;
}

function typeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8_OID || oid === NUMERIC_OID) return Number;
  return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
}

class CafeErrorsPostgresDriver extends PostgresDriver {
  override async acquireConnection(): Promise<DatabaseConnection> {
    return new CafeErrorsConnection(await super.acquireConnection());
  }

  // kysely marks a connection whose rollback failed (it died) so the pool drops it: the mark is
  // set on its own connection, so the rollback is given that one.
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(CafeErrorsConnection.unwrap(connection) as Parameters<PostgresDriver['rollbackTransaction']>[0]);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  override async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await super.releaseConnection(CafeErrorsConnection.unwrap(connection) as Parameters<PostgresDriver['releaseConnection']>[0]);
  }
}

export class CafePostgresDialect extends PostgresDialect {
  readonly #config: ConstructorParameters<typeof PostgresDialect>[0];

  constructor(config: ConstructorParameters<typeof PostgresDialect>[0]) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new CafeErrorsPostgresDriver(this.#config);
  }

  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}

/**
 * kysely's Migrator asks the introspector whether its bookkeeping tables exist. The stock one
 * reads every column of every table in every schema, through functions that fail when another
 * process drops a table meanwhile (an import's scratch table, another cafe's schema). The Migrator
 * needs only table names, and only in our schema: this reads just those, from the catalog.
 */
class CurrentSchemaIntrospector extends PostgresIntrospector {
  readonly #db: Kysely<unknown>;

  constructor(db: Kysely<unknown>) {
    super(db);
    this.#db = db;
  }

  override async getTables(): Promise<TableMetadata[]> {
    const result = await sql<{ name: string; schema: string; kind: string }>`
      select c.relname as name, n.nspname as schema, c.relkind as kind
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p', 'v', 'm')`.execute(this.#db);
    return result.rows.map((row) => ({ name: row.name, schema: row.schema, isView: row.kind === 'v' || row.kind === 'm', columns: [] }));
  }
}
