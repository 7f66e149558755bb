import { pipeline, type Readable } from 'node:stream';
import { CsvError, parse, type InfoRecord, type Options } from 'csv-parse';
import type { Kysely } from 'kysely';
import { CafeError, isCafeError, toCafeError } from '../errors/index.js';
import { silentLogger, type Logger } from '../log/index.js';
import {
  mergeContactInputs,
  createSeenPhones,
  normalizeTags,
  optOutMany,
  upsertContacts,
  writeTransaction,
  type BulkOptOut,
  type ContactInput,
  type Database,
  type SeenPhones,
} from '../store/index.js';
import { planColumns, type ColumnPlan } from './column-plan.js';
import { createLineLocator, type LineSpan } from './csv-lines.js';
import { openCsvFile, unreadable } from './open-csv-file.js';
import { isBlankRow, readRow, type RowOptOut } from './read-row.js';

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

/**
 * What an import cut off midway had stored: the batches written before it stopped, counted as an
 * import that ended there would count them. Rows are read in file order, so that is every line up
 * to `storedThroughLine` and none after it; the rejected rows in that range are listed, not stored.
 */
export interface StoredPart extends ImportResult {
  /** The last line stored; the header's (1) when nothing was. */
  storedThroughLine: number;
  /** The same in words, as the error's message ends. */
  summary: string;
}

/** An import's error says what the import stored before it: the facts ride in `details.stored`. */
export function storedBeforeFailure(error: unknown): StoredPart | undefined {
  const stored = isCafeError(error) ? error.details?.['stored'] : undefined;
  return isStoredPart(stored) ? stored : undefined;
}

function isStoredPart(value: unknown): value is StoredPart {
  return typeof value === 'object' && value !== null && typeof (value as StoredPart).storedThroughLine === 'number';
}

/**
 * Imports contacts from a CSV file (a path) or stream, streaming it: memory stays flat whatever
 * the size. See column-plan.ts for which headers are understood. A row that says the customer opted
 * out (`opted_out` yes, as our export writes it) opts the contact out; no row opts anyone back in.
 *
 * Rows are written in batches, each in a transaction of its own: one transaction for the whole
 * file would hold SQLite's write lock as long as the upload lasts, and nothing else could be
 * written (no message sent). So an import cut off midway (the stream fails, the database fails,
 * the file cannot be read past a line) keeps the batches written before it, and its error says
 * exactly which lines those are: `details.stored` (see StoredPart), and the message in words.
 */
export async function importContactsCsv(db: Kysely<Database>, source: string | Readable, options: ImportOptions): Promise<ImportResult> {
  const input = typeof source === 'string' ? (await openCsvFile(source)).stream : source;
  const logger = options.logger ?? silentLogger();
  const state: ImportState = {
    result: { imported: 0, updated: 0, merged: 0, optedOut: 0, rejected: [], rejectedTotal: 0, total: 0 },
    storedThroughLine: 0,
    rowsFromLine: 0,
  };
  let seen: SeenPhones | undefined;
  try {
    seen = await createSeenPhones(db);
    await readAll(db, input, options, state, seen);
  } catch (error) {
    const failure = typeof source === 'string' && isFileError(error) ? unreadable(source, error) : asCafeError(error);
    if (state.storedThroughLine === 0) throw failure;
    const stored = storedPart(state);
    logger.warn({ ...stored, rejected: stored.rejectedTotal, err: failure }, 'contacts import cut off');
    // An internal error's message ("aborted", a database error) says what broke, not that the import stopped.
    const reason = failure.code === 'internal' ? `The import stopped: ${failure.message}` : failure.message;
    throw cutOff(failure, reason, stored);
  } finally {
    if (typeof source === 'string') input.destroy();
    // A failure to drop must not hide the import's own error; the table goes with the connection anyway.
    await seen?.drop().catch(() => undefined);
  }
  logger.info({ ...state.result, rejected: state.result.rejectedTotal }, 'imported contacts');
  return state.result;
}

function asCafeError(error: unknown): CafeError {
  if (error instanceof CsvError) {
    return new CafeError('invalid_input', `The contacts file could not be read as CSV: ${error.message}`, { cause: error });
  }
  return toCafeError(error);
}

function storedPart(state: ImportState): StoredPart {
  const facts = { ...state.result, rejected: [...state.result.rejected], storedThroughLine: state.storedThroughLine };
  return { ...facts, summary: describeStored(facts, state.rowsFromLine) };
}

/** The failure, its message ending with what was stored. Its code stays: a CSV error is still the file's fault. */
function cutOff(failure: CafeError, reason: string, stored: StoredPart): CafeError {
  return new CafeError(failure.code, `${asSentence(reason)} ${stored.summary}`, {
    ...(failure.input === undefined ? {} : { input: failure.input }),
    field: failure.field,
    details: { ...failure.details, stored },
    cause: failure,
  });
}

/**
 * "Lines 2 to 5,001 were imported (5,000 contacts); nothing from line 5,002 on was. Import the rest
 * as a file of its own — importing the same rows again is safe."
 */
function describeStored(stored: Omit<StoredPart, 'summary'>, rowsFromLine: number): string {
  const last = stored.storedThroughLine;
  if (last < rowsFromLine) return 'Nothing from the file was imported.';
  const single = last === rowsFromLine;
  const lines = single ? `Line ${formatCount(last)}` : `Lines ${formatCount(rowsFromLine)} to ${formatCount(last)}`;
  const contacts = stored.imported + stored.updated;
  const rejected = `${plural(stored.rejectedTotal, 'row')} rejected, as listed`;
  const what =
    contacts === 0
      ? `${lines} held no contact to import (${rejected}); nothing from line ${formatCount(last + 1)} on was imported.`
      : `${lines} ${single ? 'was' : 'were'} imported ` +
        `(${plural(contacts, 'contact')}${stored.rejectedTotal === 0 ? '' : `; ${rejected}`}); ` +
        `nothing from line ${formatCount(last + 1)} on was.`;
  return `${what} Import the rest as a file of its own — importing the same rows again is safe.`;
}

function asSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

interface CsvRow {
  /** The lines the record takes. */
  lines: LineSpan;
  values: string[];
}

/**
 * A record the parser could not read: a rejected row, or one that stops the file (an unclosed
 * quote takes the rest of the file into it, so nothing after it can be read).
 */
type UnreadRecord = { stops: false; row: RejectedRow; lastLine: number } | { stops: true; line: number; message: string };

/**
 * Rows read since the last batch was written. They count, in the result, only once their batch is
 * committed: until then they may yet be lost, and an import cut off must say exactly what it stored.
 */
interface PendingRows {
  contacts: Map<string, ContactInput>;
  optOuts: Map<string, RowOptOut>;
  /** Rows folded into an earlier row of the same batch. */
  merged: number;
  /** The first rejected rows, as many as the result still keeps. */
  rejected: RejectedRow[];
  rejectedTotal: number;
  /** Data rows read. */
  rows: number;
  /** The last line of the last row read. */
  lastLine: number;
}

function emptyPending(lastLine: number): PendingRows {
  return { contacts: new Map(), optOuts: new Map(), merged: 0, rejected: [], rejectedTotal: 0, rows: 0, lastLine };
}

/** Where an import stands: what it has committed, and through which line. */
interface ImportState {
  readonly result: ImportResult;
  /** 0 until the header is read and planned: a failure before then stored nothing and says nothing of lines. */
  storedThroughLine: number;
  /** The line after the header (a header may hold a quoted line break). */
  rowsFromLine: number;
}

async function readAll(db: Kysely<Database>, input: Readable, options: ImportOptions, state: ImportState, seen: SeenPhones): Promise<void> {
  const batchSize = options.batchSize ?? 1000;
  const extraTags = normalizeTags(options.tags ?? []);
  const keep = options.keepRejected ?? Number.POSITIVE_INFINITY;
  const locator = createLineLocator();
  // The parser reads ahead of the rows still queued in the stream: what it could not read waits
  // here, so that it is counted in file order, with the batch its line belongs to.
  const unread: UnreadRecord[] = [];
  const parserOptions: Options<CsvRow, { record: string[] }> = {
    bom: true,
    raw: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (record: { record: string[] }, context: InfoRecord): CsvRow => ({
      lines: locator.spanOf(context.raw ?? ''),
      values: record.record,
    }),
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      const lines = locator.spanOf(raw ?? '');
      const stop = describeStop(error, lines.first);
      unread.push(
        stop === undefined
          ? { stops: false, row: { line: lines.first, reason: describeCsvError(error) }, lastLine: lines.last }
          : { stops: true, line: lines.first, message: stop },
      );
    },
  };
  // csv-parse's typings tie on_record's input to the `columns` option; with `raw` it is { record, raw }.
  const parser = parse(parserOptions as unknown as Options);
  const rows = pipeline(input, parser, () => undefined) as AsyncIterable<CsvRow> & { info: { bytes: number } };
  const { result } = state;
  let plan: ColumnPlan | undefined;
  let pending = emptyPending(0);
  let stop: string | undefined;

  const rejectRow = (row: RejectedRow, lastLine: number): void => {
    pending.rows += 1;
    pending.rejectedTotal += 1;
    pending.lastLine = lastLine;
    if (result.rejected.length + pending.rejected.length < keep) pending.rejected.push(row);
    // With no contact waiting, there is nothing to write: the row is settled at once.
    if (pending.contacts.size === 0) pending = settle(state, pending);
  };
  const takeUnreadBefore = (line: number): void => {
    for (let next = unread[0]; next !== undefined && lineOf(next) < line; next = unread[0]) {
      unread.shift();
      if (next.stops) stop ??= next.message;
      else rejectRow(next.row, next.lastLine);
    }
  };
  const commit = async (): Promise<void> => {
    const written = await writeBatch(db, pending, seen);
    pending = settle(state, pending, written);
    options.onProgress?.({ rows: result.total, bytes: rows.info.bytes });
  };

  for await (const row of rows) {
    if (plan === undefined) {
      plan = planColumns(row.values);
      state.storedThroughLine = row.lines.last;
      state.rowsFromLine = row.lines.last + 1;
      pending = emptyPending(row.lines.last);
      continue;
    }
    takeUnreadBefore(row.lines.first);
    if (stop !== undefined) break;
    if (isBlankRow(row.values)) continue;
    const outcome = readRow(plan, row.values, options.defaultCountry, extraTags);
    if (!outcome.ok) {
      rejectRow(
        { line: row.lines.first, reason: outcome.reason, ...(outcome.input === undefined ? {} : { input: outcome.input }) },
        row.lines.last,
      );
      continue;
    }
    addToBatch(pending, outcome.contact, outcome.optOut, row.lines.last);
    if (pending.contacts.size >= batchSize) await commit();
  }
  takeUnreadBefore(Number.POSITIVE_INFINITY);
  if (plan === undefined) {
    if (stop !== undefined) throw new CafeError('invalid_input', stop);
    throw new CafeError('invalid_input', 'The contacts file is empty: its first line must name the columns, e.g. phone,name,tags');
  }
  await commit();
  // Every row before the stop is stored; the error says from which line on nothing was.
  if (stop !== undefined) throw new CafeError('invalid_input', stop);
}

function lineOf(record: UnreadRecord): number {
  return record.stops ? record.line : record.row.line;
}

function addToBatch(pending: PendingRows, contact: ContactInput, optOut: RowOptOut | null, lastLine: number): void {
  const earlier = pending.contacts.get(contact.phone);
  if (earlier) pending.merged += 1;
  pending.contacts.set(contact.phone, earlier ? mergeContactInputs(earlier, contact) : contact);
  if (optOut !== null) pending.optOuts.set(contact.phone, earlierOptOut(pending.optOuts.get(contact.phone), optOut));
  pending.rows += 1;
  pending.lastLine = lastLine;
}

/** Counts a committed batch (or rejected rows with nothing to write) into the result; answers the next, empty batch. */
function settle(state: ImportState, pending: PendingRows, written: BatchCounts = NOTHING_WRITTEN): PendingRows {
  const { result } = state;
  result.imported += written.imported;
  result.updated += written.updated;
  result.merged += pending.merged + written.merged;
  result.optedOut += written.optedOut;
  result.rejected.push(...pending.rejected);
  result.rejectedTotal += pending.rejectedTotal;
  result.total += pending.rows;
  state.storedThroughLine = pending.lastLine;
  return emptyPending(pending.lastLine);
}

/** Why the file cannot be read past `line`, for the errors that stop the parser; undefined for the others. */
function describeStop(error: CsvError | undefined, line: number): string | undefined {
  switch (error?.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return (
        `Line ${formatCount(line)} opens a quoted field that is never closed, so the file could not be read from there on: ` +
        'look for a stray " on that line'
      );
    case 'CSV_MAX_RECORD_SIZE':
      return (
        `The row on line ${formatCount(line)} is longer than any contact could be, most likely because a quote opened on it is never ` +
        'closed, so the file could not be read from there on'
      );
    default:
      return undefined;
  }
}

/** Two rows of one customer that both say opted out: the earlier date stands (a known date over none). */
function earlierOptOut(earlier: RowOptOut | undefined, later: RowOptOut): RowOptOut {
  if (earlier === undefined || earlier.since === null) return later.since === null ? (earlier ?? later) : later;
  return later.since !== null && later.since < earlier.since ? later : earlier;
}

interface BatchCounts {
  imported: number;
  updated: number;
  /** Rows whose phone an earlier batch of this file had written. */
  merged: number;
  optedOut: number;
}

const NOTHING_WRITTEN: BatchCounts = Object.freeze({ imported: 0, updated: 0, merged: 0, optedOut: 0 });

/** Writes a batch in one transaction; its counts are answered, to be counted only once it is committed. */
async function writeBatch(db: Kysely<Database>, pending: PendingRows, seen: SeenPhones): Promise<BatchCounts> {
  const contacts = [...pending.contacts.values()];
  if (contacts.length === 0) return NOTHING_WRITTEN;
  const now = new Date();
  return writeTransaction(db, async (trx) => {
    const counts = { imported: 0, updated: 0, merged: 0, optedOut: 0 };
    const earlier = await seen.which(
      trx,
      contacts.map((c) => c.phone),
    );
    const toOptOut: BulkOptOut[] = [];
    for (const written of await upsertContacts(trx, contacts)) {
      if (earlier.has(written.phone)) counts.merged += 1;
      else if (written.created) counts.imported += 1;
      else counts.updated += 1;
      const optOut = pending.optOuts.get(written.phone);
      if (optOut !== undefined) toOptOut.push({ contactId: written.id, at: optOut.since ?? now });
    }
    counts.optedOut = await optOutMany(trx, toOptOut, { source: 'import', reason: 'opted out in an imported file', now });
    await seen.add(
      trx,
      contacts.map((c) => c.phone),
    );
    return counts;
  });
}

function describeCsvError(error: CsvError | undefined): string {
  switch (error?.code) {
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
