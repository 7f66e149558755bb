import { pipeline, type Readable } from 'node:stream';
import { CsvError, parse, type InfoRecord, type Options } from 'csv-parse';
import type { Kysely } from 'kysely';
import { CafeError, toCafeError } from '../errors/index.js';
import { silentLogger, type Logger } from '../log/index.js';
import {
  mergeContactInputs,
  normalizeTags,
  optOutMany,
  upsertContacts,
  writeTransaction,
  type BulkOptOut,
  type ContactInput,
  type Database,
} from '../store/index.js';
import { planColumns, type ColumnPlan } from './column-plan.js';
import { createLineLocator } from './csv-lines.js';
import { openCsvFile, unreadable } from './open-csv-file.js';
import { isBlankRow, readRow, type RowOptOut } from './read-row.js';
import { createSeenPhones, type SeenPhones } from './seen-phones.js';

export interface ImportOptions {
  /** Country of numbers written without a country code (config.defaultCountry). */
  defaultCountry: string;
  /** Tags added to every contact in the file. */
  tags?: readonly string[];
  /** Rows per transaction; 1,000 by default. */
  batchSize?: number;
  /**
   * Rejected rows kept in the result, the first ones of the file; the rest are only counted
   * (`rejectedTotal`). Unset: every one, as the CLI prints them. A server caps it: a file of bad
   * rows must not grow its memory and its answer without bound.
   */
  keepRejected?: number;
  logger?: Logger;
  /** Called after each batch is written. */
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  /** Data rows read so far. */
  rows: number;
  /** Bytes of the file read so far. */
  bytes: number;
}

export interface RejectedRow {
  /** Line of the file the row starts on (the header is line 1). */
  line: number;
  reason: string;
  /** The value that was refused, when one was. */
  input?: string;
}

export interface ImportResult {
  /** New contacts. */
  imported: number;
  /** Contacts that were already there and got updated. */
  updated: number;
  /** Rows whose phone appeared earlier in the same file: folded into that contact. */
  merged: number;
  /** Contacts the file says opted out who were not yet: opted out now (an import never opts anyone in). */
  optedOut: number;
  /** Rejected rows in file order: every one, or the first `keepRejected`. */
  rejected: RejectedRow[];
  /** How many rows were rejected in all. */
  rejectedTotal: number;
  /** Data rows read (blank rows aside): imported + updated + merged + rejectedTotal. */
  total: number;
}

interface CsvRow {
  line: number;
  values: string[];
}

/**
 * Imports contacts from a CSV file (a path) or stream, streaming it: memory stays flat whatever
 * the size. See column-plan.ts for which headers are understood. A row that says the customer opted
 * out (`opted_out` yes, as our export writes it) opts the contact out; no row opts anyone back in.
 */
export async function importContactsCsv(
  db: Kysely<Database>,
  source: string | Readable,
  options: ImportOptions,
): Promise<ImportResult> {
  const input = typeof source === 'string' ? (await openCsvFile(source)).stream : source;
  const logger = options.logger ?? silentLogger();
  const result: ImportResult = { imported: 0, updated: 0, merged: 0, optedOut: 0, rejected: [], rejectedTotal: 0, total: 0 };
  let seen: SeenPhones | undefined;
  try {
    seen = await createSeenPhones(db);
    await readAll(db, input, options, result, seen);
  } catch (error) {
    if (typeof source === 'string' && isFileError(error)) throw unreadable(source, error);
    if (error instanceof CsvError) {
      throw new CafeError('invalid_input', `The contacts file could not be read as CSV: ${error.message}`, { cause: error });
    }
    throw toCafeError(error);
  } finally {
    if (typeof source === 'string') input.destroy();
    // A failure to drop must not hide the import's own error; the table goes with the connection anyway.
    await seen?.drop().catch(() => undefined);
  }
  result.rejected = firstLines(result.rejected, options.keepRejected ?? Number.POSITIVE_INFINITY);
  logger.info({ ...result, rejected: result.rejectedTotal }, 'imported contacts');
  return result;
}

/**
 * Counts a rejected row and keeps it, trimming the kept ones to the first `keep` lines whenever
 * they reach twice that: the parser's syntax errors can arrive ahead of the rows still in the
 * stream, so the order they come in is not quite the file's.
 */
function reject(result: ImportResult, row: RejectedRow, keep: number): void {
  result.rejectedTotal += 1;
  result.rejected.push(row);
  if (result.rejected.length >= 2 * keep) result.rejected = firstLines(result.rejected, keep);
}

function firstLines(rows: RejectedRow[], keep: number): RejectedRow[] {
  rows.sort((a, b) => a.line - b.line);
  return rows.length > keep ? rows.slice(0, keep) : rows;
}

async function readAll(db: Kysely<Database>, input: Readable, options: ImportOptions, result: ImportResult, seen: SeenPhones): Promise<void> {
  const batchSize = options.batchSize ?? 1000;
  const extraTags = normalizeTags(options.tags ?? []);
  const keep = options.keepRejected ?? Number.POSITIVE_INFINITY;
  const locator = createLineLocator();
  const parserOptions: Options<CsvRow, { record: string[] }> = {
    bom: true,
    raw: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (record: { record: string[] }, context: InfoRecord): CsvRow => ({
      line: locator.startOf(context.raw ?? ''),
      values: record.record,
    }),
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      result.total += 1;
      reject(result, { line: locator.startOf(raw ?? ''), reason: describeCsvError(error) }, keep);
    },
  };
  // csv-parse's typings tie on_record's input to the `columns` option; with `raw` it is { record, raw }.
  const parser = parse(parserOptions as unknown as Options);
  const rows = pipeline(input, parser, () => undefined) as AsyncIterable<CsvRow> & { info: { bytes: number } };
  let plan: ColumnPlan | undefined;
  let batch = new Map<string, ContactInput>();
  let optOuts = new Map<string, RowOptOut>();
  for await (const row of rows) {
    if (plan === undefined) {
      plan = planColumns(row.values);
      continue;
    }
    if (isBlankRow(row.values)) continue;
    result.total += 1;
    const outcome = readRow(plan, row.values, options.defaultCountry, extraTags);
    if (!outcome.ok) {
      reject(result, { line: row.line, reason: outcome.reason, ...(outcome.input === undefined ? {} : { input: outcome.input }) }, keep);
      continue;
    }
    const earlier = batch.get(outcome.contact.phone);
    if (earlier) result.merged += 1;
    batch.set(outcome.contact.phone, earlier ? mergeContactInputs(earlier, outcome.contact) : outcome.contact);
    if (outcome.optOut !== null) optOuts.set(outcome.contact.phone, earlierOptOut(optOuts.get(outcome.contact.phone), outcome.optOut));
    if (batch.size >= batchSize) {
      await writeBatch(db, [...batch.values()], optOuts, result, seen);
      batch = new Map();
      optOuts = new Map();
      options.onProgress?.({ rows: result.total, bytes: rows.info.bytes });
    }
  }
  if (plan === undefined) {
    throw new CafeError('invalid_input', 'The contacts file is empty: its first line must name the columns, e.g. phone,name,tags');
  }
  await writeBatch(db, [...batch.values()], optOuts, result, seen);
  options.onProgress?.({ rows: result.total, bytes: rows.info.bytes });
}

/** Two rows of one customer that both say opted out: the earlier date stands (a known date over none). */
function earlierOptOut(earlier: RowOptOut | undefined, later: RowOptOut): RowOptOut {
  if (earlier === undefined || earlier.since === null) return later.since === null ? (earlier ?? later) : later;
  return later.since !== null && later.since < earlier.since ? later : earlier;
}

async function writeBatch(
  db: Kysely<Database>,
  contacts: ContactInput[],
  optOuts: ReadonlyMap<string, RowOptOut>,
  result: ImportResult,
  seen: SeenPhones,
): Promise<void> {
  if (contacts.length === 0) return;
  const now = new Date();
  await writeTransaction(db, async (trx) => {
    const earlier = await seen.which(trx, contacts.map((c) => c.phone));
    const toOptOut: BulkOptOut[] = [];
    for (const written of await upsertContacts(trx, contacts)) {
      if (earlier.has(written.phone)) result.merged += 1;
      else if (written.created) result.imported += 1;
      else result.updated += 1;
      const optOut = optOuts.get(written.phone);
      if (optOut !== undefined) toOptOut.push({ contactId: written.id, at: optOut.since ?? now });
    }
    result.optedOut += await optOutMany(trx, toOptOut, { source: 'import', reason: 'opted out in an imported file', now });
    await seen.add(trx, contacts.map((c) => c.phone));
  });
}

function describeCsvError(error: CsvError | undefined): string {
  switch (error?.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed: this row and everything after it could not be read (look for a stray " on this line)';
    case 'CSV_MAX_RECORD_SIZE':
      return 'this row is longer than any contact could be, most likely because a quote opened on it is never closed: the rest of the file could not be read';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a closing quote is followed by other characters: wrap the whole field in quotes and double any quote inside it ("")';
    default:
      return `not valid CSV: ${error?.message ?? 'unreadable row'}`;
  }
}

/** A failure of the file itself (ENOENT, EACCES, EISDIR…), as opposed to its content or the database. */
function isFileError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && (error as { syscall?: unknown }).syscall !== undefined;
}
