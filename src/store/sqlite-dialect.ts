import type { DatabaseConnection, DialectAdapter, Driver } from 'kysely';
import { SqliteAdapter, SqliteDialect, SqliteDriver } from 'kysely';
import { CafeErrorsConnection } from './cafe-errors-connection.js';

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

class CafeErrorsSqliteDriver extends SqliteDriver {
  override async acquireConnection(): Promise<DatabaseConnection> {
    return new CafeErrorsConnection(await super.acquireConnection());
  }
}

export class CafeSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];

  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new CafeErrorsSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
