import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';
import { toStoreError } from './store-errors.js';

/**
 * Statements fail as CafeErrors (see store-errors.ts), whichever module ran them, on either
 * database. The driver hands its own connection back to its pool: `unwrap` gives it.
 */
export class CafeErrorsConnection implements DatabaseConnection {
  readonly #inner: DatabaseConnection;

  constructor(inner: DatabaseConnection) {
    this.#inner = inner;
  }

  static unwrap(connection: DatabaseConnection): DatabaseConnection {
    return connection instanceof CafeErrorsConnection ? connection.#inner : connection;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.#inner.executeQuery<R>(compiledQuery);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.#inner.streamQuery<R>(compiledQuery, chunkSize);
  }
}
