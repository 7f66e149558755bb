import type { Kysely } from 'kysely';
import { CafeError, isCafeError } from '../errors/index.js';
import { listPlaceholders, runBulkSql, runWrite, valuesPlaceholders } from './bulk-sql.js';
import { chunks } from './chunks.js';
import { isPostgres } from './dialect.js';
import type { Store } from './open-store.js';
import type { Database } from './schema.js';
import { writeTransaction } from './write-transaction.js';

interface CopiedTable {
  readonly name: keyof Database;
  /** The primary key: pages are read after the last key seen (keyset), never by offset. */
  readonly key: readonly string[];
  /** An integer id the database numbers: the target must go on numbering after the copied ids. */
  readonly serial: boolean;
}

/** Every table a cafe keeps, parents before children so that each foreign key finds its row. */
const COPIED_TABLES = [
  { name: 'contacts', key: ['id'], serial: true },
  { name: 'contact_tags', key: ['contact_id', 'tag'], serial: false },
  { name: 'consent_events', key: ['id'], serial: true },
  { name: 'campaigns', key: ['id'], serial: true },
  { name: 'outbox_messages', key: ['id'], serial: true },
  { name: 'inbound_messages', key: ['id'], serial: true },
  { name: 'sync_state', key: ['key'], serial: false },
  { name: 'users', key: ['id'], serial: true },
  { name: 'api_keys', key: ['id'], serial: true },
  { name: 'idempotency_keys', key: ['id'], serial: true },
  { name: 'settings', key: ['key'], serial: false },
] as const satisfies readonly CopiedTable[];

/**
 * Left behind on purpose: what running processes hold (workers, leases, the shared send pace),
 * browser sessions (everyone signs in again) and sign-in limits, which start afresh.
 */
export const SKIPPED_TABLES = ['workers', 'sessions', 'leases', 'send_pace', 'gateway_limit', 'sign_in_failures', 'sign_in_trust'] as const;

/** A table added to the schema must be listed as copied or skipped: this stops compiling until it is. */
type Unlisted = Exclude<keyof Database, (typeof COPIED_TABLES)[number]['name'] | (typeof SKIPPED_TABLES)[number]>;
const _everyTableListed: [Unlisted] extends [never] ? true : Unlisted = true;

/** A target holding any of these is in use: a copy never merges into it. */
const IN_USE_TABLES = ['contacts', 'campaigns', 'outbox_messages', 'users'] as const;

const DEFAULT_BATCH_SIZE = 500;
/** Below SQLite's 32,766 bound parameters (and PostgreSQL's 65,535) per statement. */
const MAX_PARAMETERS = 30_000;

export interface CopyOptions {
  /** Rows read per page and written per insert; 500 by default. */
  batchSize?: number;
  /** Called inside the target's transaction as each table is done: throwing cancels the whole copy. */
  onTable?: (table: string, rows: number) => void;
}

export interface CopyReport {
  /** Where the rows came from and went to, passwords hidden. */
  from: string;
  to: string;
  /** Rows copied per table, in the order they were copied. */
  tables: Array<{ table: string; rows: number }>;
  skipped: string[];
}

type Row = Record<string, unknown>;

/**
 * Copies a cafe's data from one store into another, empty one (SQLite to PostgreSQL, or any two
 * locations openStore accepts), keeping every id. The source is read as one snapshot; the target
 * is written in one transaction, so a failure leaves it as empty as it was.
 */
export async function copyDatabase(from: Store, to: Store, options: CopyOptions = {}): Promise<CopyReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new CafeError('invalid_input', `The batch size must be a whole number above 0; got ${batchSize}`);
  }
  const tables = await readSnapshot(from.db, (source) =>
    writeTransaction(to.db, async (target) => {
      await assertUnused(target, to.path);
      const copied = await copyTables(source, target, batchSize, options.onTable);
      for (const table of COPIED_TABLES) if (table.serial) await continueIds(source, target, table.name);
      await verifyCounts(source, target, copied);
      return copied;
    }),
  );
  return { from: from.path, to: to.path, tables, skipped: [...SKIPPED_TABLES] };
}

/**
 * A read transaction: every table is read as of one moment, so a worker or server still writing
 * to the source cannot leave a message pointing at a contact the copy never saw.
 */
function readSnapshot<T>(db: Kysely<Database>, read: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const transaction = db.transaction();
  return (isPostgres(db) ? transaction.setIsolationLevel('repeatable read').setAccessMode('read only') : transaction).execute(read);
}

async function assertUnused(db: Kysely<Database>, display: string): Promise<void> {
  const held: string[] = [];
  for (const table of IN_USE_TABLES) {
    const rows = await runBulkSql(db, `select 1 as found from ${quote(table)} limit 1`, []);
    if (rows.length > 0) held.push(table);
  }
  if (held.length === 0) return;
  const words = held.map((table) => table.replaceAll('_', ' ')).join(', ');
  throw new CafeError(
    'conflict',
    `The database at ${display} already holds ${words}: a copy only fills an empty database and never merges ` +
      'into one in use. Copy into a new database (on PostgreSQL, a new ?schema=) instead.',
    { input: display, details: { tables: held } },
  );
}

async function copyTables(
  source: Kysely<Database>,
  target: Kysely<Database>,
  batchSize: number,
  onTable: CopyOptions['onTable'],
): Promise<CopyReport['tables']> {
  const copied: CopyReport['tables'] = [];
  for (const table of COPIED_TABLES) {
    const rows = await copyTable(source, target, table, batchSize);
    copied.push({ table: table.name, rows });
    onTable?.(table.name, rows);
  }
  return copied;
}

async function copyTable(source: Kysely<Database>, target: Kysely<Database>, table: CopiedTable, batchSize: number): Promise<number> {
  try {
    let copied = 0;
    let after: unknown[] | undefined;
    for (;;) {
      const page = await readPage(source, table, after, batchSize);
      await insertRows(target, table.name, page);
      copied += page.length;
      const last = page.at(-1);
      if (last === undefined || page.length < batchSize) return copied;
      after = table.key.map((column) => last[column]);
    }
  } catch (error) {
    throw copyFailed(table.name, error);
  }
}

/** The rows after the key `after` (from the start without it), in key order, through the primary key's index. */
function readPage(db: Kysely<Database>, table: CopiedTable, after: unknown[] | undefined, limit: number): Promise<Row[]> {
  const key = table.key.map(quote).join(', ');
  const where = after === undefined ? '' : ` where (${key}) > (${listPlaceholders(after.length)})`;
  return runBulkSql<Row>(db, `select * from ${quote(table.name)}${where} order by ${key} limit ?`, [...(after ?? []), limit]);
}

/** Columns are taken from the rows read, so a column added by a later migration is copied too. */
async function insertRows(db: Kysely<Database>, table: string, rows: readonly Row[]): Promise<void> {
  const columns = Object.keys(rows[0] ?? {});
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, columns.length)));
  for (const part of chunks(rows, perStatement)) {
    const text = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${valuesPlaceholders(part.length, columns.length)}`;
    await runWrite(
      db,
      text,
      part.flatMap((row) => columns.map((column) => row[column])),
    );
  }
}

function copyFailed(table: string, error: unknown): CafeError {
  const reason = error instanceof Error ? error.message : String(error);
  return new CafeError(isCafeError(error) ? error.code : 'internal', `Copying ${table} failed, so nothing was copied: ${reason}`, {
    cause: error,
    details: { ...(isCafeError(error) ? error.details : {}), table },
  });
}

/**
 * New rows in the target get ids after every id the source ever gave, deleted rows' included: an
 * id given again could inherit what still names the old one (an idempotency key's "user:7" scope).
 */
async function continueIds(source: Kysely<Database>, target: Kysely<Database>, table: string): Promise<void> {
  const given = await highestIdGiven(source, table);
  if (isPostgres(target)) {
    await runBulkSql(
      target,
      `select setval(pg_get_serial_sequence(?, 'id'), greatest(coalesce(max(id), 0), cast(? as integer)) + 1, false) from ${quote(table)}`,
      [table, given],
    );
    return;
  }
  // SQLite's AUTOINCREMENT keeps its high-water mark in sqlite_sequence; the copied ids already raised it to their highest.
  const raised = await runWrite(target, 'update sqlite_sequence set seq = max(seq, ?) where name = ?', [given, table]);
  if (raised === 0 && given > 0) await runWrite(target, 'insert into sqlite_sequence (name, seq) values (?, ?)', [table, given]);
}

/** The highest id `table` has ever given (0 when none): SQLite's sqlite_sequence, PostgreSQL's sequence. */
async function highestIdGiven(db: Kysely<Database>, table: string): Promise<number> {
  if (!isPostgres(db)) {
    const [row] = await runBulkSql<{ seq: number }>(db, 'select seq from sqlite_sequence where name = ?', [table]);
    return row?.seq ?? 0;
  }
  const [named] = await runBulkSql<{ sequence: string | null }>(db, `select pg_get_serial_sequence(?, 'id') as sequence`, [table]);
  if (!named?.sequence) return 0;
  // The name comes quoted from PostgreSQL itself. Before its first use (is_called false) last_value is the next id, not a given one.
  const [row] = await runBulkSql<{ given: number }>(
    db,
    `select case when is_called then last_value else last_value - 1 end as given from ${named.sequence}`,
    [],
  );
  return row?.given ?? 0;
}

/** Still inside the target's transaction: a count that does not add up rolls the whole copy back. */
async function verifyCounts(source: Kysely<Database>, target: Kysely<Database>, copied: CopyReport['tables']): Promise<void> {
  for (const { table, rows } of copied) {
    const inSource = await countRows(source, table);
    const inTarget = await countRows(target, table);
    if (inSource === rows && inTarget === rows) continue;
    throw new CafeError(
      'internal',
      `The copy of ${table} does not add up (${inSource} rows in the source, ${rows} copied, ${inTarget} in the target), ` +
        'so nothing was copied.',
      { details: { table, source: inSource, copied: rows, target: inTarget } },
    );
  }
}

async function countRows(db: Kysely<Database>, table: string): Promise<number> {
  const [row] = await runBulkSql<{ count: number }>(db, `select count(*) as count from ${quote(table)}`, []);
  return Number(row?.count ?? 0);
}

/** Table and column names here are ours or the database's own, never input: quoting only guards keywords (`key`). */
function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
