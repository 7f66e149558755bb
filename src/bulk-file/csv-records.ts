import { createReadStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { CsvError, parse, type Options, type Parser } from 'csv-parse';
import { CafeError } from '../errors/index.js';
import { createPlainCsvSplitter, type PlainCsvHandoff, type PlainCsvSplitter } from './plain-csv-lines.js';

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
    CSV_INVALID_CLOSING_QUOTE:
      `the row starting on line ${line} has text right after a closing quote; ` + 'inside a quoted message write a quote as ""',
    CSV_MAX_RECORD_SIZE: `the row starting on line ${line} is too long (an unclosed quote?)`,
  };
  const reason = reasons[error.code] ?? `the row starting on line ${line} cannot be read: ${error.message}`;
  return new CafeError('invalid_input', `${file} is not valid CSV: ${reason}`, {
    input: file,
    details: { line, csvCode: error.code },
    cause: error,
  });
}

/** csv-parse as the bulk file reader configures it; `record_delimiter` when taking over mid-file. */
function csvParser(maxRecordSize: number, takeOver: PlainCsvHandoff | undefined): Parser {
  const options: Options = { bom: true, relax_column_count: true, relax_quotes: true, max_record_size: maxRecordSize };
  // Mid-file, the start of the file (and its byte order mark) is behind us and the delimiter is known.
  if (takeOver?.recordDelimiter !== undefined) Object.assign(options, { bom: false, record_delimiter: takeOver.recordDelimiter });
  return parse(options);
}

/**
 * Streams a CSV file's records, a parsed piece of the file at a time, each with the line it starts on.
 * The file is read only as fast as the pieces are taken. Records are taken from csv-parse as it emits
 * them (synchronously, while it parses), so on a parse error the line of the failing record is exact.
 * Throws CafeError invalid_input naming the file (and the line, for bad CSV).
 */
export async function* readCsvRecords(file: string, options: CsvReadOptions): AsyncGenerator<NumberedRecord[]> {
  // Small reads make small pieces, which are done with (and collected) soon while sending.
  const source = createReadStream(file, { highWaterMark: 16 * 1024 });
  try {
    yield* csvRecordsOf(file, source, options);
  } catch (error) {
    if (error instanceof CafeError) throw error;
    if ((error as NodeJS.ErrnoException).code !== undefined && !(error instanceof CsvError)) {
      throw fileError(file, error as NodeJS.ErrnoException);
    }
    throw new CafeError('invalid_input', `Cannot read ${file}: ${(error as Error).message}`, { input: file, cause: error });
  } finally {
    source.destroy();
  }
}

/** For `plainLines: false`: hands everything, from the first byte, to csv-parse. */
const csvParseOnly: PlainCsvSplitter = {
  push: (chunk) => ({ rest: chunk, recordDelimiter: undefined }),
  end: () => undefined,
};

/**
 * The records of a CSV file given as chunks of bytes (readCsvRecords without the file). Plain lines
 * are split by the quick splitter; from the first line that needs CSV parsing on, csv-parse reads.
 * `plainLines: false` leaves everything to csv-parse (the tests compare the two).
 */
export async function* csvRecordsOf(
  file: string,
  chunks: AsyncIterable<Buffer>,
  options: CsvReadOptions & { plainLines?: boolean },
): AsyncGenerator<NumberedRecord[]> {
  const splitter = options.plainLines === false ? csvParseOnly : createPlainCsvSplitter(options.maxRecordSize);
  let parser: Parser | undefined;
  let nextLine = 1;
  let parsed: NumberedRecord[] = [];
  let failure: { error: unknown; line: number } | undefined;
  const addRecord = (fields: string[]) => {
    parsed.push({ line: nextLine, fields });
    nextLine += linesSpanned(fields);
  };
  const plainRecords: string[][] = [];
  /** Splits what it can itself; the first time it cannot, csv-parse takes over for good. */
  const split = (step: (records: string[][]) => PlainCsvHandoff | undefined) => {
    const takeOver = step(plainRecords);
    for (const fields of plainRecords) addRecord(fields);
    plainRecords.length = 0;
    if (takeOver === undefined) return;
    parser = csvParser(options.maxRecordSize, takeOver);
    parser.on('data', addRecord);
    parser.on('error', (error) => {
      failure ??= { error, line: nextLine };
    });
    parser.write(takeOver.rest);
  };
  const take = () => {
    const piece = parsed;
    parsed = [];
    return piece;
  };
  try {
    for await (const buffer of chunks) {
      if (parser === undefined) split((records) => splitter.push(buffer, records));
      else parser.write(buffer);
      if (failure !== undefined) break;
      if (parsed.length > 0) yield take();
    }
    if (parser === undefined && failure === undefined) split((records) => splitter.end(records));
    if (parser !== undefined && failure === undefined) {
      parser.end();
      await finished(parser).catch(() => undefined);
    }
    if (failure !== undefined) {
      const { error, line } = failure;
      throw error instanceof CsvError ? csvError(file, line, error) : error;
    }
    if (parsed.length > 0) yield take();
  } finally {
    parser?.destroy();
  }
}
