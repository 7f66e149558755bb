import { CompiledQuery, type QueryResult } from 'kysely';

/**
 * Multi-row statements are written as SQL text with `?` placeholders and handed to kysely already
 * compiled. Its query builder makes a node per value; at a thousand rows a batch, building and
 * compiling them cost more than SQLite's own work (the 100,000-row import spent half its time there).
 */

/** "(?, ?), (?, ?)" for `rows` rows of `columns` values. */
export function valuesPlaceholders(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}

/** "?, ?, ?" for an IN list. */
export function listPlaceholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** Any Kysely instance or transaction, whatever its tables. */
export interface SqlRunner {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/** Runs SQL text with its parameters on `db` (or the transaction it is) and answers the rows. */
export async function runBulkSql<Row = unknown>(db: SqlRunner, sqlText: string, parameters: readonly unknown[]): Promise<Row[]> {
  const result = await db.executeQuery<Row>(CompiledQuery.raw(sqlText, [...parameters]));
  return result.rows;
}
