import { createReadStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { CafeError } from '../errors/index.js';

/** A CSV record and the line of the file it starts on. */
export interface NumberedRecord {
  line: number;
  fields: string[];
}

export interface CsvReadOptions {
  /** Longest record accepted, in characters; guards memory against an unclosed quote. */
  maxRecordSize: number;
}

const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * Lines a record spans: one, plus the line breaks inside its (quoted) fields. Counted here because
 * csv-parse's own `info.lines` counts a CRLF inside a quoted field twice, and spreadsheets on
 * Windows write CRLF. Blank lines reach us as records of one empty field, so they count too.
 */
function linesSpanned(fields: readonly string[]): number {
  let lines = 1;
  for (const field of fields) {
    if (field.includes('\n') || field.includes('\r')) lines += field.match(LINE_BREAK)?.length ?? 0;
  }
  return lines;
}

function fileError(file: string, error: NodeJS.ErrnoException): CafeError {
  const reasons: Record<string, string> = {
    ENOENT: `File not found: ${file} (check the path and the folder you run cafe-sms from)`,
    EISDIR: `${file} is a folder, not a CSV file`,
    EACCES: `Cannot read ${file}: permission denied`,
  };
  const message = reasons[error.code ?? ''] ?? `Cannot read ${file}: ${error.message}`;
  return new CafeError('invalid_input', message, { input: file, cause: error });
}

function csvError(file: string, line: number, error: CsvError): CafeError {
  const reasons: Record<string, string> = {
    CSV_QUOTE_NOT_CLOSED: `a quoted field that starts on line ${line} is never closed (a closing " is missing)`,
    CSV_INVALID_CLOSING_QUOTE: `the row starting on line ${line} has text right after a closing quote; inside a quoted message write a quote as ""`,
    CSV_MAX_RECORD_SIZE: `the row starting on line ${line} is too long (an unclosed quote?)`,
  };
  const reason = reasons[error.code] ?? `the row starting on line ${line} cannot be read: ${error.message}`;
  return new CafeError('invalid_input', `${file} is not valid CSV: ${reason}`, {
    input: file,
    details: { line, csvCode: error.code },
    cause: error,
  });
}

/**
 * Streams a CSV file's records, a parsed piece of the file at a time, each with the line it starts on.
 * The file is read only as fast as the pieces are taken. Records are taken from csv-parse as it emits
 * them (synchronously, while it parses), so on a parse error the line of the failing record is exact.
 * Throws CafeError invalid_input naming the file (and the line, for bad CSV).
 */
export async function* readCsvRecords(file: string, options: CsvReadOptions): AsyncGenerator<NumberedRecord[]> {
  const parser = parse({ bom: true, relax_column_count: true, relax_quotes: true, max_record_size: options.maxRecordSize });
  let nextLine = 1;
  let parsed: NumberedRecord[] = [];
  let failure: { error: unknown; line: number } | undefined;
  parser.on('data', (fields: string[]) => {
    parsed.push({ line: nextLine, fields });
    nextLine += linesSpanned(fields);
  });
  parser.on('error', (error) => {
    failure ??= { error, line: nextLine };
  });
  const take = () => {
    const piece = parsed;
    parsed = [];
    return piece;
  };
  // Small reads make small pieces, which are done with (and collected) soon while sending.
  const source = createReadStream(file, { highWaterMark: 16 * 1024 });
  try {
    for await (const buffer of source) {
      parser.write(buffer);
      if (failure !== undefined) break;
      if (parsed.length > 0) yield take();
    }
    if (failure === undefined) {
      parser.end();
      await finished(parser).catch(() => undefined);
    }
    if (failure !== undefined) {
      const { error, line } = failure;
      throw error instanceof CsvError ? csvError(file, line, error) : error;
    }
    if (parsed.length > 0) yield take();
  } catch (error) {
    if (error instanceof CafeError) throw error;
    if ((error as NodeJS.ErrnoException).code !== undefined && !(error instanceof CsvError)) {
      throw fileError(file, error as NodeJS.ErrnoException);
    }
    throw new CafeError('invalid_input', `Cannot read ${file}: ${(error as Error).message}`, { input: file, cause: error });
  } finally {
    source.destroy();
    parser.destroy();
  }
}
