import type { SqlRunner } from './bulk-sql.js';
import { isPostgres } from './dialect.js';

/**
 * SQLite's query planner takes hints that PostgreSQL neither needs nor parses; the hot statements
 * of the outbox use two (each use says why). On PostgreSQL both are left out, and it has one of
 * its own (`queuedOrder`).
 */

/** `indexed by <index>`: the index SQLite must walk. */
export function indexedBy(db: SqlRunner, index: string): string {
  return isPostgres(db) ? '' : `indexed by ${index}`;
}

/** `+column`: SQLite must not use an index on it (rows are found by id instead). */
export function notIndexed(db: SqlRunner, column: string): string {
  return isPostgres(db) ? column : `+${column}`;
}

/**
 * The order of a campaign's queued rows: `id + 0` on PostgreSQL, which only the partial index of
 * queued rows gives (migration 0010), so the claim cannot walk the primary key past the rows already
 * sent; plain `id` on SQLite, whose (campaign_id, state) index carries the id.
 */
export function queuedOrder(db: SqlRunner, column: string): string {
  return isPostgres(db) ? `${column} + 0` : column;
}
