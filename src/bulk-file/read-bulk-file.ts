import { CafeError } from '../errors/index.js';
import type { OutgoingSms } from '../gateway/types.js';
import { readCsvRecords } from './csv-records.js';
import { readHeader } from './header.js';
import { createPhoneCache, type PhoneCache } from './phone-cache.js';
import { checkPhone, checkRow, type ColumnIndexes, type PhoneCheck } from './validate-row.js';

/** A row that can be sent, with the line of the file it starts on. */
export interface BulkRow {
  line: number;
  sms: OutgoingSms;
}

/** A row that cannot be sent: the phone as written and why. */
export interface InvalidBulkRow {
  line: number;
  phone: string;
  reason: string;
}

/** A good row that is not sent because its customer opted out. */
export interface SkippedBulkRow {
  line: number;
  /** The number as it would have been sent. */
  phone: string;
  /** When the customer opted out (ISO 8601). */
  optedOutAt: string;
}

/** One data row of a bulk file, checked: to send, invalid, or skipped (the customer opted out). */
export type BulkEntry = ({ kind: 'valid' } & BulkRow) | ({ kind: 'invalid' } & InvalidBulkRow) | ({ kind: 'skipped' } & SkippedBulkRow);

/** What the first, checking pass over a file found. */
export interface BulkFileCheck {
  file: string;
  /** Data rows in the file (blank lines not counted). */
  total: number;
  /** Rows that will be sent: valid, and not to a customer who opted out. */
  valid: number;
  /** Valid rows to customers who opted out: never sent. */
  skipped: number;
  /** Refused rows in file order. */
  invalid: InvalidBulkRow[];
  /** The normalised numbers, for the sending pass (ReadBulkFileOptions.phones). */
  phones: PhoneCache;
}

export interface ReadBulkFileOptions {
  /** Country that numbers written without a country code belong to (config.defaultCountry). */
  defaultCountry: string;
  /** Numbers normalised by an earlier pass over the same file, reused instead of parsed again. */
  phones?: PhoneCache;
  /**
   * Numbers (as sent) whose customers opted out, and since when (ISO 8601): their rows are
   * skipped. Read once for the whole file, so both passes skip the same rows.
   */
  optedOut?: ReadonlyMap<string, string>;
  /** Longest record accepted, in characters; guards memory against an unclosed quote. Default 100,000. */
  maxRecordSize?: number;
}

const DEFAULT_MAX_RECORD_SIZE = 100_000;

function isBlank(record: readonly string[]): boolean {
  return record.every((field) => field.trim() === '');
}

function emptyFileError(file: string, headerSeen: boolean): CafeError {
  const message = headerSeen
    ? `${file} has a header but no rows: add one line per SMS (phone,message)`
    : `${file} is empty: write a header line phone,message and then one line per SMS`;
  return new CafeError('invalid_input', message, { input: file });
}

function sendableOrSkipped(line: number, sms: OutgoingSms, optedOut: ReadonlyMap<string, string> | undefined): BulkEntry {
  const optedOutAt = optedOut?.get(sms.to);
  return optedOutAt === undefined ? { kind: 'valid', line, sms } : { kind: 'skipped', line, phone: sms.to, optedOutAt };
}

/**
 * Stream-reads a bulk CSV and yields its data rows checked, in file order, a parsed piece of the file
 * at a time, holding nothing else. Rows to the numbers in `optedOut` come as skipped. Throws
 * CafeError invalid_input for what makes the whole file unusable: missing file, missing column, no
 * data rows, broken quoting.
 */
export async function* readBulkRows(file: string, options: ReadBulkFileOptions): AsyncGenerator<BulkEntry[]> {
  let columns: ColumnIndexes | undefined;
  let rows = 0;
  const { phones, optedOut } = options;
  const phoneOf = (raw: string): PhoneCheck => {
    const known = phones?.recall(rows, raw);
    if (known !== undefined) return { to: known };
    const checked = checkPhone(raw, options.defaultCountry);
    if ('to' in checked) phones?.remember(rows, raw, checked.to);
    return checked;
  };
  const records = readCsvRecords(file, { maxRecordSize: options.maxRecordSize ?? DEFAULT_MAX_RECORD_SIZE });
  for await (const piece of records) {
    const entries: BulkEntry[] = [];
    for (const { line, fields } of piece) {
      if (isBlank(fields)) continue;
      if (columns === undefined) {
        columns = readHeader(fields, file);
        continue;
      }
      const checked = checkRow(fields, columns, phoneOf);
      rows += 1;
      entries.push(
        checked.ok
          ? sendableOrSkipped(line, checked.sms, optedOut)
          : { kind: 'invalid', line, phone: checked.phone, reason: checked.reason },
      );
    }
    if (entries.length > 0) yield entries;
  }
  if (rows === 0) throw emptyFileError(file, columns !== undefined);
}

/** The checking pass: every row is checked and only the refused ones are kept; skipped ones are counted. */
export async function checkBulkFile(file: string, options: ReadBulkFileOptions): Promise<BulkFileCheck> {
  const invalid: InvalidBulkRow[] = [];
  const phones = options.phones ?? createPhoneCache();
  let total = 0;
  let skipped = 0;
  for await (const entries of readBulkRows(file, { ...options, phones })) {
    total += entries.length;
    for (const entry of entries) {
      if (entry.kind === 'invalid') invalid.push({ line: entry.line, phone: entry.phone, reason: entry.reason });
      else if (entry.kind === 'skipped') skipped += 1;
    }
  }
  return { file, total, valid: total - invalid.length - skipped, skipped, invalid, phones };
}
