import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { CafeError } from '../errors/index.js';
import type { SendOutcome } from '../gateway/types.js';
import { guardFormula } from '../spreadsheet/index.js';

/**
 * What became of a row: the gateway's outcome, or never sent: `invalid`, `skipped` (the customer
 * opted out), or `not_sent` (sending stopped, e.g. on Ctrl-C, before the row was handed to the
 * gateway: safe to send again).
 */
export type ResultOutcome = SendOutcome['outcome'] | 'invalid' | 'skipped' | 'not_sent';

/** One line of the results file: what became of one input row. */
export interface BulkResultRow {
  line: number;
  /** The number as sent (country code and digits), or as written when the row was invalid. */
  phone: string;
  outcome: ResultOutcome;
  /** The gateway's uid, '' when it gave none or the row was not accepted. */
  uid: string;
  /** Why the row was not accepted (or not sent), '' when it was. */
  error: string;
}

export const RESULT_COLUMNS = ['line', 'phone', 'outcome', 'uid', 'error'] as const;

/** Text that a CSV reader would split or end a record at is quoted, its quotes doubled (RFC 4180). */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One text cell. Staff open the results in Excel, and the phone of an invalid row is written as
 * it was in the input (error texts quote the gateway), so a cell that would run as a formula is
 * marked as text first.
 */
function csvField(text: string): string {
  const cell = guardFormula(text);
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/**
 * CSV text of result rows (no header), one line each, as csv-stringify writes them with
 * `escape_formulas` (the tests compare): written by hand because this runs once per bulk call,
 * 2,000 times for 100,000 rows.
 */
export function resultsCsv(rows: readonly BulkResultRow[]): string {
  // Joined rather than appended: one flat string, not a rope of small pieces kept until written.
  const lines: string[] = [];
  for (const row of rows) {
    lines.push(`${row.line},${csvField(row.phone)},${csvField(row.outcome)},${csvField(row.uid)},${csvField(row.error)}\n`);
  }
  return lines.join('');
}

/** Results are written in pieces of about this many characters: a write per bulk call costs more than the writing. */
const WRITE_SIZE = 64 * 1024;

/** Writes text, waiting while the stream's buffer is full; fails as soon as the stream has failed. */
async function writeText(output: Writable, text: string): Promise<void> {
  if (output.errored) throw output.errored;
  if (output.destroyed) throw new CafeError('internal', 'The results file was closed before all results were written');
  if (output.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error | null) => {
      output.off('drain', onDrain);
      output.off('error', onError);
      output.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onError = (error: Error) => settle(error);
    const onClose = () =>
      settle(output.errored ?? new CafeError('internal', 'The results file was closed before all results were written'));
    output.on('drain', onDrain);
    output.on('error', onError);
    output.on('close', onClose);
  });
}

export interface OrderedResultsWriter {
  /** Hands over the rows of piece `seq` (0, 1, 2, …); they are written once every earlier piece is. */
  put(seq: number, rows: readonly BulkResultRow[]): Promise<void>;
  /** Ends the file once every piece up to the last one put has been written. */
  close(): Promise<void>;
}

/**
 * Writes the results CSV (header `line,phone,outcome,uid,error`) while pieces of it finish out of
 * order, as concurrent bulk calls do. Only pieces waiting for an earlier one are held in memory;
 * `put` waits when the file cannot keep up, which slows the senders down instead of buffering.
 */
export function createOrderedResultsWriter(output: Writable): OrderedResultsWriter {
  const waiting = new Map<number, readonly BulkResultRow[]>();
  let nextSeq = 0;
  let highestSeq = -1;
  let text = `${RESULT_COLUMNS.join(',')}\n`;

  const writeReady = async (flush: boolean) => {
    for (let rows = waiting.get(nextSeq); rows !== undefined; rows = waiting.get(nextSeq)) {
      text += resultsCsv(rows);
      waiting.delete(nextSeq);
      nextSeq += 1;
    }
    if (text === '' || (!flush && text.length < WRITE_SIZE)) return;
    const ready = text;
    text = '';
    await writeText(output, ready);
  };

  return {
    async put(seq, rows) {
      waiting.set(seq, rows);
      highestSeq = Math.max(highestSeq, seq);
      await writeReady(false);
    },
    async close() {
      await writeReady(true);
      if (nextSeq !== highestSeq + 1) {
        output.destroy();
        throw new CafeError('internal', `Results piece ${nextSeq} never arrived (${waiting.size} pieces waiting)`);
      }
      output.end();
      await finished(output);
    },
  };
}
