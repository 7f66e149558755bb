import type { CompiledQuery, DatabaseConnection, DialectAdapter, Driver, QueryResult, SqliteDialectConfig } from 'kysely';
import { SqliteAdapter, SqliteDialect, SqliteDriver } from 'kysely';
import { CafeErrorsConnection } from './cafe-errors-connection.js';
import type { CachedSqliteDatabase } from './statement-cache.js';
import type { WalSync } from './wal-sync.js';

/**
 * SQLite runs schema changes inside transactions perfectly well, but kysely's adapter says it
 * cannot, so its Migrator would leave a half-applied migration behind. Saying so lets the
 * Migrator wrap an upgrade in one transaction: it applies completely or not at all.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * One hold of the single connection. Statements fail as CafeErrors; a write outside a transaction
 * (its own commit) resolves once the log is on disk (wal-sync.ts).
 */
class DurableConnection implements DatabaseConnection {
  readonly #inner: CafeErrorsConnection;
  readonly #database: CachedSqliteDatabase;
  readonly #walSync: WalSync;
  /** Given back to the driver: a commit gives it back before waiting for its sync. */
  released = false;

  constructor(inner: DatabaseConnection, database: CachedSqliteDatabase, walSync: WalSync) {
    this.#inner = new CafeErrorsConnection(inner);
    this.#database = database;
    this.#walSync = walSync;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#inner.executeQuery<R>(compiledQuery);
    // Outside a transaction a write was its own commit. (BEGIN, COMMIT and ROLLBACK count as read-only.)
    if (!this.#database.inTransaction && !this.#database.prepare(compiledQuery.sql).readonly) await this.#walSync.afterCommit();
    return result;
  }

  streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.#inner.streamQuery<R>(compiledQuery, chunkSize);
  }
}

const asDurable = (connection: DatabaseConnection): DurableConnection => connection as DurableConnection;

/**
 * kysely's driver on our single connection, with commits made durable off the event loop: COMMIT
 * writes the log, the connection goes back to the next transaction at once, and only the committer
 * waits for the log's sync. The next transaction's statements and this one's sync overlap; what
 * the committer does next (answer a request, make a gateway call) still waits for the disk.
 */
class DurableSqliteDriver extends SqliteDriver {
  readonly #database: CachedSqliteDatabase;
  readonly #walSync: WalSync;

  constructor(config: CafeSqliteDialectConfig) {
    super(config);
    this.#database = config.database;
    this.#walSync = config.walSync;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    return new DurableConnection(await super.acquireConnection(), this.#database, this.#walSync);
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await super.commitTransaction(connection);
    await this.releaseConnection(connection);
    await this.#walSync.afterCommit();
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // A commit whose sync failed has already given the connection to somebody else's transaction.
    if (asDurable(connection).released) return;
    await super.rollbackTransaction(connection);
  }

  // kysely passes the connection, although its SqliteDriver's type does not say so.
  override async releaseConnection(connection?: DatabaseConnection): Promise<void> {
    if (connection !== undefined) {
      if (asDurable(connection).released) return;
      asDurable(connection).released = true;
    }
    await super.releaseConnection();
  }
}

export interface CafeSqliteDialectConfig extends SqliteDialectConfig {
  database: CachedSqliteDatabase;
  walSync: WalSync;
}

export class CafeSqliteDialect extends SqliteDialect {
  readonly #config: CafeSqliteDialectConfig;

  constructor(config: CafeSqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new DurableSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
