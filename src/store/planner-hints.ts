import type { SqlRunner } from './bulk-sql.js';
import { isPostgres } from './dialect.js';

/**
 * SQLite's query planner takes hints that PostgreSQL neither needs nor parses; the hot statements
 * of the outbox use two (each use says why). On PostgreSQL both are left out.
 */

/** `indexed by <index>`: the index SQLite must walk. */
export function indexedBy(db: SqlRunner, index: string): string {
  return isPostgres(db) ? '' : `indexed by ${index}`;
}

/** `+column`: SQLite must not use an index on it (rows are found by id instead). */
export function notIndexed(db: SqlRunner, column: string): string {
  return isPostgres(db) ? column : `+${column}`;
}
