import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Kysely } from 'kysely';
import { customFieldKeys, iterateContacts, type Contact, type ContactFilter, type Database } from '../store/index.js';
import { writeOptOutTime } from './opt-out-time.js';
import { guardFormula } from '../spreadsheet/index.js';

/** The fixed columns, then one per custom field key. Re-importing the file gives the same contacts. */
export const EXPORT_COLUMNS = Object.freeze(['phone', 'name', 'tags', 'opted_out', 'opted_out_at'] as const);

export interface ExportOptions {
  /** Which contacts; all of them by default. */
  filter?: ContactFilter;
  /** Start with a UTF-8 byte order mark, so that Excel shows Urdu names right. */
  bom?: boolean;
  /** End `output` when done; false for process.stdout. Default true. */
  end?: boolean;
}

export interface ExportResult {
  exported: number;
  columns: string[];
}

/** Streams contacts as CSV into `output`, a page at a time: memory stays flat whatever the count. */
export async function exportContactsCsv(db: Kysely<Database>, output: Writable, options: ExportOptions = {}): Promise<ExportResult> {
  const fieldKeys = await customFieldKeys(db);
  const columns = [...EXPORT_COLUMNS, ...fieldKeys];
  let exported = 0;
  async function* records(): AsyncGenerator<string[]> {
    for await (const page of iterateContacts(db, options.filter ?? {})) {
      for (const contact of page) {
        exported += 1;
        yield toRecord(contact, fieldKeys);
      }
    }
  }
  await pipeline(Readable.from(records()), stringify({ header: true, columns, bom: options.bom ?? false }), output, {
    end: options.end ?? true,
  });
  return { exported, columns };
}

function toRecord(contact: Contact, fieldKeys: readonly string[]): string[] {
  return [
    contact.phone,
    guardFormula(contact.name ?? ''),
    guardFormula(contact.tags.join(';')),
    contact.optedOutAt === null ? 'no' : 'yes',
    contact.optedOutAt === null ? '' : writeOptOutTime(contact.optedOutAt),
    ...fieldKeys.map((key) => guardFormula(Object.hasOwn(contact.fields, key) ? (contact.fields[key] ?? '') : '')),
  ];
}
