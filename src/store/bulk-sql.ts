import type { Kysely, QueryResult } from 'kysely';
import { CompiledQuery } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * Multi-row statements are written as SQL text with `?` placeholders and handed to kysely already
 * compiled. Its query builder makes a node per value; at a thousand rows a batch, building and
 * compiling them cost more than SQLite's own work (the 100,000-row import spent half its time there).
 * PostgreSQL numbers its placeholders ($1, $2 …): the text is numbered once per shape and kept.
 */

/** "(?, ?), (?, ?)" for `rows` rows of `columns` values. */
export function valuesPlaceholders(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}

/**
 * "(cast(? as integer), cast(? as text)), …": a VALUES list used as a table (`from (values …)`),
 * where PostgreSQL cannot tell a parameter's type from a column and would take it as text.
 */
export function typedValuesPlaceholders(rows: number, types: readonly ValueType[]): string {
  const row = `(${types.map((type) => `cast(? as ${type})`).join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}

/** A VALUES column's type, written so that both databases read it (SQLite takes "double precision" as real). */
export type ValueType = 'integer' | 'text' | 'double precision';

/** "?, ?, ?" for an IN list. */
export function listPlaceholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** Any Kysely instance or transaction, whatever its tables. */
export type SqlRunner = Pick<Kysely<unknown>, 'executeQuery' | 'getExecutor'>;

/** Runs SQL text with its parameters on `db` (or the transaction it is) and answers the rows. */
export async function runBulkSql<Row = unknown>(db: SqlRunner, sqlText: string, parameters: readonly unknown[]): Promise<Row[]> {
  const result = await runRaw<Row>(db, sqlText, parameters);
  return result.rows;
}

/** Runs one UPDATE/DELETE written as SQL text and answers how many rows it changed. */
export async function runWrite(db: SqlRunner, sqlText: string, parameters: readonly unknown[]): Promise<number> {
  const result = await runRaw(db, sqlText, parameters);
  return Number(result.numAffectedRows ?? 0n);
}

async function runRaw<Row>(db: SqlRunner, sqlText: string, parameters: readonly unknown[]): Promise<QueryResult<Row>> {
  const text = isPostgres(db) ? numberedPlaceholders(sqlText) : sqlText;
  return db.executeQuery<Row>(CompiledQuery.raw(text, [...parameters]));
}

const numbered = new Map<string, string>();
const NUMBERED_KEPT = 512;

/**
 * `?` → `$1, $2 …`. The texts given here are ours and hold no `?` inside a literal or a name, which
 * is what makes a plain replacement correct.
 */
function numberedPlaceholders(sqlText: string): string {
  const known = numbered.get(sqlText);
  if (known !== undefined) return known;
  let index = 0;
  const text = sqlText.replace(/\?/g, () => `$${++index}`);
  if (numbered.size >= NUMBERED_KEPT) numbered.clear();
  numbered.set(sqlText, text);
  return text;
}
