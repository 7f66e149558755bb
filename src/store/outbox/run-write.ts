import { CompiledQuery } from 'kysely';
import type { SqlRunner } from '../bulk-sql.js';

/**
 * Runs one UPDATE/DELETE written as SQL text and answers how many rows it changed. The hot paths
 * of the worker (claim, record, delivery) write set-based statements this way: kysely's builder
 * costs more than SQLite itself for a 50-row statement (see bulk-sql.ts).
 */
export async function runWrite(db: SqlRunner, sqlText: string, parameters: readonly unknown[]): Promise<number> {
  const result = await db.executeQuery(CompiledQuery.raw(sqlText, [...parameters]));
  return Number(result.numAffectedRows ?? 0n);
}
