/**
 * The quick way through the lines of a CSV file that need none of CSV's quoting, which is nearly
 * every line of a bulk file: such a line is its text split at commas. csv-parse reads a file byte
 * by byte and costs several times more, twice per bulk run (checking pass and sending pass).
 *
 * The splitter reads lines only while it is sure csv-parse would read them the same way: no quote
 * character, record delimiter "\n" or "\r\n" as csv-parse would discover it on the first line, no
 * stray "\r", within the record size limit, and a UTF-8 byte order mark (only) at the start. At
 * the first line that is anything else it stops and hands the rest of the file, from that line
 * on, to csv-parse. csv-records.test.ts checks that the records and errors are csv-parse's own.
 */

/** What csv-parse needs to take over where the splitter stopped. */
export interface PlainCsvHandoff {
  /** The bytes from the start of the first line the splitter did not read. */
  rest: Buffer;
  /**
   * The record delimiter of the lines read so far; undefined when no line was read, and then
   * `rest` is the file from its first byte (byte order mark included) for csv-parse to read as new.
   */
  recordDelimiter: '\n' | '\r\n' | undefined;
}

export interface PlainCsvSplitter {
  /** Adds the records of the chunk's complete lines to `records`; a handoff when a line needs csv-parse. */
  push(chunk: Buffer, records: string[][]): PlainCsvHandoff | undefined;
  /** At the end of the file: the last line, when it has no line break, or a handoff. */
  end(records: string[][]): PlainCsvHandoff | undefined;
}

const NEWLINE = 0x0a;
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
/** csv-parse looks for a byte order mark in the first 3 bytes; the UTF-16 one switches its encoding. */
const BOM_WINDOW = 3;

function startsWithUtf8Bom(buffer: Buffer): boolean {
  return buffer[0] === UTF8_BOM[0] && buffer[1] === UTF8_BOM[1] && buffer[2] === UTF8_BOM[2];
}

function startsWithUtf16Bom(buffer: Buffer): boolean {
  return buffer[0] === 0xff && buffer[1] === 0xfe;
}

/** `maxRecordSize` as csv-parse's max_record_size: 0 means no limit. */
export function createPlainCsvSplitter(maxRecordSize: number): PlainCsvSplitter {
  let pending: Buffer = Buffer.alloc(0);
  let started = false;
  let bomLength = 0;
  let delimiter: '\n' | '\r\n' | undefined;

  const tooLong = (bytes: number) => maxRecordSize !== 0 && bytes > maxRecordSize;
  const handoff = (buffer: Buffer, from: number): PlainCsvHandoff => {
    pending = Buffer.alloc(0);
    return { rest: buffer.subarray(from), recordDelimiter: delimiter };
  };

  /** A line's text without its delimiter when it needs no CSV parsing; undefined otherwise. */
  const plainText = (line: string): string | undefined => {
    if (line.includes('"')) return undefined;
    const cr = line.indexOf('\r');
    // csv-parse takes the first line break it meets as the record delimiter of the whole file.
    delimiter ??= cr === -1 ? '\n' : cr === line.length - 1 ? '\r\n' : undefined;
    if (delimiter === '\n') return cr === -1 ? line : undefined;
    // An empty line here is a lone "\n", which csv-parse keeps as text of the record it is in.
    if (delimiter === '\r\n') return cr !== -1 && cr === line.length - 1 ? line.slice(0, -1) : undefined;
    return undefined;
  };

  return {
    push(chunk, records) {
      const buffer = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      if (!started) {
        if (buffer.length < BOM_WINDOW) {
          pending = buffer;
          return undefined;
        }
        started = true;
        if (startsWithUtf16Bom(buffer)) return handoff(buffer, 0);
        bomLength = startsWithUtf8Bom(buffer) ? UTF8_BOM.length : 0;
      }
      let from = 0;
      for (let newline = buffer.indexOf(NEWLINE, from); newline !== -1; newline = buffer.indexOf(NEWLINE, from)) {
        if (tooLong(newline - from)) return handoff(buffer, from);
        const text = plainText(buffer.toString('utf8', from + bomLength, newline));
        if (text === undefined) return handoff(buffer, from);
        records.push(text.split(','));
        bomLength = 0;
        from = newline + 1;
      }
      // A copy, so that the chunk it came from is not kept alive by a few bytes.
      pending = Buffer.from(buffer.subarray(from));
      return tooLong(pending.length) ? handoff(pending, 0) : undefined;
    },
    end(records) {
      const tail = pending;
      if (!started) return tail.length === 0 ? undefined : handoff(tail, 0);
      if (tail.length === 0) return undefined;
      const line = tail.toString('utf8', bomLength);
      if (tooLong(tail.length) || line.includes('"') || line.includes('\r')) return handoff(tail, 0);
      // A file that is only a byte order mark has no record.
      if (line !== '' || bomLength === 0) records.push(line.split(','));
      pending = Buffer.alloc(0);
      return undefined;
    },
  };
}
