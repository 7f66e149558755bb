import { writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { findContactByPhone, listConsentEvents, listContacts, setOptOut, upsertContacts } from '../store/index.js';
import { openTempStore, type TempStore } from '../store/test-support/temp-store.js';
import { refuseContactInsert } from '../store/test-support/refuse-insert.js';
import { importContactsCsv, type ImportOptions, type ImportProgress } from './index.js';
import { CONTACTS_CSV_OF_10_001_COLUMNS, CONTACTS_CSV_WITHOUT_PHONE_COLUMN, ONE_CONTACT_CSV } from '../../test/support/index.js';

let store: TempStore;

beforeEach(async () => {
  store = await openTempStore();
});

afterEach(async () => {
  await store.dispose();
});

const PK: ImportOptions = { defaultCountry: 'PK' };

/** 0300-555-00NN: the i-th test customer, as a file would write them. */
function phoneOf(i: number): string {
  return `03005550${String(i).padStart(3, '0')}`;
}

function numberedRows(from: number, to: number): string[] {
  return Array.from({ length: to - from }, (_, k) => `${phoneOf(from + k)},Guest ${from + k}`);
}

function numbered(from: number, to: number): string {
  return numberedRows(from, to).join('\n');
}

async function storedPhones(): Promise<string[]> {
  const rows = await store.db.selectFrom('contacts').select('phone').orderBy('phone').execute();
  return rows.map((row) => `0${row.phone.slice(2)}`);
}

function csvFile(content: string, name = 'contacts.csv'): string {
  const file = store.dir.file(name);
  writeFileSync(file, content);
  return file;
}

async function importText(content: string, options: Partial<ImportOptions> = {}) {
  return importContactsCsv(store.db, csvFile(content), { ...PK, ...options });
}

async function failureOf(promise: Promise<unknown>): Promise<CafeError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CafeError);
  return error as CafeError;
}

/** A stream that holds `text`, then fails shortly after the reader starts taking it. */
function failsOnceRead(text: string, error: Error): Readable {
  let failing = false;
  const source = new Readable({
    read() {
      if (failing) return;
      failing = true;
      setTimeout(() => source.destroy(error), 50);
    },
  });
  source.push(text);
  return source;
}

describe('importContactsCsv', () => {
  it('maps common headers, normalises numbers and keeps other columns as custom fields', async () => {
    const result = await importText(
      'Mobile Number,Customer Name,Labels,Favourite Drink,Opted Out\n' +
        '0300-1234567,Ayesha Khan,VIP;Lunch,Chai,yes\n' +
        '+92 301 1234567,Bilal,"regulars, lunch",,\n',
    );
    expect(result).toEqual({ imported: 2, updated: 0, merged: 0, optedOut: 1, rejected: [], rejectedTotal: 0, total: 2 });
    expect(await findContactByPhone(store.db, '923001234567')).toMatchObject({
      name: 'Ayesha Khan',
      tags: ['lunch', 'vip'],
      fields: { favourite_drink: 'Chai' },
      optedOutAt: expect.any(String),
    });
    expect(await findContactByPhone(store.db, '923011234567')).toMatchObject({ name: 'Bilal', tags: ['lunch', 'regulars'], fields: {} });
  });

  it('joins first and last name', async () => {
    await importText('First Name,Last Name,Cell\nAyesha,Khan,03001234567\n,Malik,03011234567\n');
    expect((await findContactByPhone(store.db, '923001234567'))?.name).toBe('Ayesha Khan');
    expect((await findContactByPhone(store.db, '923011234567'))?.name).toBe('Malik');
  });

  it('reads a file that starts with a byte order mark (Excel "CSV UTF-8")', async () => {
    const result = await importText('\uFEFFPhone,Name\n03001234567,عائشہ\n');
    expect(result.imported).toBe(1);
    expect((await findContactByPhone(store.db, '923001234567'))?.name).toBe('عائشہ');
  });

  it('adds the extra tags to every row', async () => {
    await importText('phone,tags\n03001234567,vip\n03011234567,\n', { tags: ['Eid 2024', ' walk-in '] });
    expect((await findContactByPhone(store.db, '923001234567'))?.tags).toEqual(['eid 2024', 'vip', 'walk-in']);
    expect((await findContactByPhone(store.db, '923011234567'))?.tags).toEqual(['eid 2024', 'walk-in']);
  });

  it.each([1, 2, 1000])('merges duplicates within the file (batches of %i): later non-empty values win, tags union', async (batchSize) => {
    const result = await importText(
      'phone,name,tags,city\n' +
        '0300-1234567,Ayesha,vip,Lahore\n' +
        '03011234567,Bilal,,\n' +
        '+923001234567,,lunch,Karachi\n' +
        '923001234567,Ayesha Khan,,\n',
      { batchSize },
    );
    expect(result).toEqual({ imported: 2, updated: 0, merged: 2, optedOut: 0, rejected: [], rejectedTotal: 0, total: 4 });
    expect(await findContactByPhone(store.db, '923001234567')).toMatchObject({
      name: 'Ayesha Khan',
      tags: ['lunch', 'vip'],
      fields: { city: 'Karachi' },
    });
    expect((await listContacts(store.db)).total).toBe(2);
  });

  it('updates contacts that already exist instead of duplicating them', async () => {
    await upsertContacts(store.db, [{ phone: '923001234567', name: 'Ayesha', fields: { city: 'Lahore' }, tags: ['vip'] }]);
    const result = await importText('phone,name,tags,drink\n0300-1234567,,lunch,chai\n0301-1234567,Bilal,,\n');
    expect(result).toEqual({ imported: 1, updated: 1, merged: 0, optedOut: 0, rejected: [], rejectedTotal: 0, total: 2 });
    expect(await findContactByPhone(store.db, '923001234567')).toMatchObject({
      name: 'Ayesha',
      tags: ['lunch', 'vip'],
      fields: { city: 'Lahore', drink: 'chai' },
    });
  });

  it('opts out the contacts the file says opted out, and never opts anyone back in', async () => {
    const [ayesha] = await upsertContacts(store.db, [{ phone: '923001234567' }]);
    await setOptOut(store.db, ayesha!.id, { source: 'inbound', reason: 'STOP' });
    const result = await importText(
      'phone,name,opted_out,opted_out_at\n' +
        '03001234567,Ayesha,no,\n' + // opted out by STOP: "no" does not opt her back in
        '03011234567,Bilal,yes,2024-01-01T00:00:00.000Z\n' +
        '03021234567,Chand,yes,\n' +
        '03031234567,Dawood,,\n',
    );
    expect(result).toMatchObject({ imported: 3, updated: 1, optedOut: 2, rejected: [] });
    expect(await findContactByPhone(store.db, '923001234567')).toMatchObject({ name: 'Ayesha', optOutReason: 'STOP' });
    expect(await findContactByPhone(store.db, '923011234567')).toMatchObject({ optedOutAt: '2024-01-01T00:00:00.000Z' });
    expect((await findContactByPhone(store.db, '923021234567'))?.optedOutAt).toEqual(expect.any(String));
    expect(await findContactByPhone(store.db, '923031234567')).toMatchObject({ optedOutAt: null });
    const bilal = await findContactByPhone(store.db, '923011234567');
    expect(await listConsentEvents(store.db, bilal!.id)).toEqual([
      expect.objectContaining({ change: 'opt_out', source: 'import', reason: 'opted out in an imported file' }),
    ]);
    // Importing the same file again changes nothing more.
    expect(await importText('phone,opted_out\n03011234567,yes\n')).toMatchObject({ updated: 1, optedOut: 0 });
    expect(await listConsentEvents(store.db, bilal!.id)).toHaveLength(1);
  });

  it('keeps the earliest opt-out date when the same customer is on several rows', async () => {
    await importText(
      'phone,opted_out,opted_out_at\n03001234567,yes,\n03001234567,yes,2025-03-01T00:00:00Z\n' +
        '03001234567,yes,2025-02-01T00:00:00Z\n03001234567,no,\n',
    );
    expect(await findContactByPhone(store.db, '923001234567')).toMatchObject({ optedOutAt: '2025-02-01T00:00:00.000Z' });
  });

  it('rejects an opt-out value it cannot read, with its line, and imports the rest', async () => {
    const result = await importText('phone,opted_out,opted_out_at\n03001234567,maybe,\n03011234567,yes,last tuesday\n03021234567,Yes,\n');
    expect(result.rejected).toEqual([
      { line: 2, reason: 'opted_out must be yes or no', input: 'maybe' },
      { line: 3, reason: expect.stringContaining('opted_out_at is not a date'), input: 'last tuesday' },
    ]);
    expect(result).toMatchObject({ imported: 1, optedOut: 1 });
    expect(await findContactByPhone(store.db, '923001234567')).toBeUndefined();
  });

  it('rejects bad rows with the line they start on and the reason, importing the rest', async () => {
    const result = await importText(
      [
        'phone,name,notes', // 1
        '03001234567,Ayesha,"first line', // 2
        'second line"', // 3
        '', // 4
        '12345,Bad Number,', // 5
        ',No Phone,', // 6
        '03011234567,Too,Many,Columns', // 7
        '03021234567,"Multi', // 8
        'line', // 9
        'name",ok', // 10
        '042-35761234,Landline,', // 11
        ',,', // 12: blank cells only, skipped silently
        '03031234567,Short', // 13
        '03041234567,Last,', // 14
      ].join('\n'),
    );
    expect(result.rejected).toEqual([
      { line: 5, reason: expect.stringMatching(/"12345" is not a valid phone number/), input: '12345' },
      { line: 6, reason: 'missing phone: the phone column is empty' },
      { line: 7, reason: 'wrong column count: the header has 3 columns, this row has 4' },
      { line: 11, reason: expect.stringMatching(/not a mobile number/), input: '042-35761234' },
      { line: 13, reason: 'wrong column count: the header has 3 columns, this row has 2' },
    ]);
    expect(result).toMatchObject({ imported: 3, updated: 0, merged: 0, total: 8 });
    expect((await findContactByPhone(store.db, '923001234567'))?.fields).toEqual({ notes: 'first line\nsecond line' });
    expect((await findContactByPhone(store.db, '923021234567'))?.name).toBe('Multi line name');
  });

  it('keeps only the first `keepRejected` rejected rows, by line, and counts them all', async () => {
    const lines = ['phone,name', ...Array.from({ length: 30 }, (_, i) => `bad${i},x`), '03001234567,Good'];
    const result = await importText(lines.join('\n'), { keepRejected: 4 });
    expect(result.rejected.map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(result).toMatchObject({ imported: 1, rejectedTotal: 30, total: 31 });
    const all = await importText(lines.join('\n'));
    expect(all.rejected).toHaveLength(30);
    expect(all.rejectedTotal).toBe(30);
  });

  it('counts lines right in a Windows (CRLF) file with multi-line fields', async () => {
    const result = await importText(['phone,name', '03001234567,"Ayesha', 'Khan"', '', 'oops,Bad', '03011234567,Bilal'].join('\r\n'));
    expect(result.rejected).toEqual([{ line: 5, reason: expect.stringMatching(/"oops" is not a valid phone number/), input: 'oops' }]);
    expect(result.imported).toBe(2);
  });

  it('stops at an unclosed quote, storing every row before it and saying so', async () => {
    const error = await failureOf(importText('phone,name\n03001234567,Ayesha\nnope,Bad\n\n03011234567,"Bilal\n03021234567,Chand\n'));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(
      'Line 5 opens a quoted field that is never closed, so the file could not be read from there on: look for a stray " on that line. ' +
        'Lines 2 to 3 were imported (1 contact; 1 row rejected, as listed); nothing from line 4 on was. ' +
        'Import the rest as a file of its own — importing the same rows again is safe.',
    );
    expect(error.details?.['stored']).toEqual({
      storedThroughLine: 3,
      imported: 1,
      updated: 0,
      merged: 0,
      optedOut: 0,
      rejected: [{ line: 3, reason: expect.stringMatching(/"nope" is not a valid phone number/), input: 'nope' }],
      rejectedTotal: 1,
      total: 2,
      summary: expect.stringMatching(/^Lines 2 to 3 were imported/),
    });
    expect((await listContacts(store.db)).contacts.map((c) => c.phone)).toEqual(['923001234567']);
  });

  it('counts the rows the parser could not read in file order, though it reads ahead of the rows still queued', async () => {
    const lines = ['phone,name', ...Array.from({ length: 30 }, (_, i) => `bad${i},x`), '03001234567,Good', '03011234567,"never closed'];
    const error = await failureOf(importText(lines.join('\n'), { keepRejected: 4 }));
    expect(error.details?.['stored']).toMatchObject({
      storedThroughLine: 32,
      imported: 1,
      rejected: [2, 3, 4, 5].map((line) => expect.objectContaining({ line })),
      rejectedTotal: 30,
      total: 31,
    });
    expect(error.message).toMatch(
      /^Line 33 opens a quoted field .* Lines 2 to 32 were imported \(1 contact; 30 rows rejected, as listed\); nothing from line 33 on was\./,
    );
  });

  it('says nothing was stored when the quote never closed is on the first row', async () => {
    const error = await failureOf(importText('phone,name\n03001234567,"Ayesha\n03011234567,Bilal\n'));
    expect(error.message).toMatch(/^Line 2 opens a quoted field .* Nothing from the file was imported\.$/);
    expect(error.details?.['stored']).toMatchObject({ storedThroughLine: 1, imported: 0, total: 0 });
    expect((await listContacts(store.db)).total).toBe(0);
  });

  it('counts the stored lines from the line after a header that holds a line break', async () => {
    const error = await failureOf(importText('phone,"Full\nName"\n03001234567,Ayesha\n03011234567,Bilal\n03021234567,"Chand\n'));
    expect(error.message).toMatch(/ Lines 3 to 4 were imported \(2 contacts\); nothing from line 5 on was\./);
    expect(error.details?.['stored']).toMatchObject({ storedThroughLine: 4, imported: 2 });
  });

  it('settles rejected rows as it reads them when no contact waits to be written', async () => {
    // The parser holds the last line back until more follows: the partial line 4 lets it see line 3 whole.
    const source = failsOnceRead('phone,name\nbad1,x\nbad2,y\n0300', new Error('the connection was reset'));
    const error = await failureOf(importContactsCsv(store.db, source, PK));
    expect(error.message).toBe(
      'The import stopped: the connection was reset. Lines 2 to 3 held no contact to import (2 rows rejected, as listed); ' +
        'nothing from line 4 on was imported. Import the rest as a file of its own — importing the same rows again is safe.',
    );
    expect(error.details?.['stored']).toMatchObject({ storedThroughLine: 3, imported: 0, rejectedTotal: 2, total: 2 });
  });

  it('refuses a header row whose quote never closes, storing nothing', async () => {
    const error = await failureOf(importText('phone,"name\n03001234567,Ayesha\n'));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^Line 1 opens a quoted field that is never closed/);
    expect(error.details?.['stored']).toBeUndefined();
  });

  it('refuses a header of 10,000 repeated columns (20 KB) at once, storing nothing', async () => {
    const started = performance.now();
    const error = await failureOf(importText(CONTACTS_CSV_OF_10_001_COLUMNS));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/header row has 10,001 columns; a contacts file may have at most 500/);
    expect(error.details).toEqual({ columns: 10_001, maxColumns: 500 });
    expect((await listContacts(store.db)).total).toBe(0);
  });

  it('numbers the rows after a long run of blank lines right, and quickly', async () => {
    const started = performance.now();
    const result = await importText(`phone,name\n03001234567,Ayesha${'\n'.repeat(1_000_000)}nope,Bad\n`);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(result.rejected).toEqual([expect.objectContaining({ line: 1_000_002, input: 'nope' })]);
  });

  it('accepts stray quotes inside an unquoted field', async () => {
    await importText('phone,name\n03001234567,Ayesha "Ashi" Khan\n');
    expect((await findContactByPhone(store.db, '923001234567'))?.name).toBe('Ayesha "Ashi" Khan');
  });

  it('refuses a file with no phone column, naming its headers, and writes nothing', async () => {
    const error = await failureOf(importText(CONTACTS_CSV_WITHOUT_PHONE_COLUMN));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('"Name", "Email"');
    expect((await listContacts(store.db)).total).toBe(0);
  });

  it.each([
    ['an empty file', ''],
    ['a file of blank lines', '\n\n\n'],
  ])('refuses %s', async (_, content) => {
    const error = await failureOf(importText(content));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/file is empty/);
  });

  it('accepts a header with no rows', async () => {
    expect(await importText('phone,name\n')).toEqual({
      imported: 0,
      updated: 0,
      merged: 0,
      optedOut: 0,
      rejected: [],
      rejectedTotal: 0,
      total: 0,
    });
  });

  it.each([
    ['a missing file', (dir: string) => `${dir}/nope.csv`, /no such file/],
    ['a folder', (dir: string) => dir, /it is a folder/],
  ])('refuses %s with an error naming it', async (_, pathOf, message) => {
    const file = pathOf(store.dir.path);
    const error = await failureOf(importContactsCsv(store.db, file, PK));
    expect(error.code).toBe('invalid_input');
    expect(error.input).toBe(file);
    expect(error.message).toContain(file);
    expect(error.message).toMatch(message);
  });

  it('reports a source stream that fails midway as an internal error carrying its message', async () => {
    const source = failsOnceRead(ONE_CONTACT_CSV, new Error('the disk went away'));
    const error = await failureOf(importContactsCsv(store.db, source, PK));
    expect(error.code).toBe('internal');
    expect(error.message).toBe('The import stopped: the disk went away. Nothing from the file was imported.');
    expect(error.details?.['stored']).toMatchObject({ storedThroughLine: 1, imported: 0, total: 0 });
  });

  it('keeps the batches written before a stream that fails, and says exactly which lines they are', async () => {
    const source = new Readable({ read() {} });
    // Line 2 is blank, lines 4-5 one quoted row, line 25 rejected: the stored lines are file lines, not rows.
    source.push(`phone,name\n\n${numbered(0, 1)}\n03005550001,"Two\nlines"\n${numbered(2, 21)}\nbad,x\n${numbered(21, 25)}\n`);
    const cutAfterTwoBatches = (progress: ImportProgress) => {
      if (progress.rows >= 20) source.destroy(new Error('the connection was reset'));
    };
    const error = await failureOf(importContactsCsv(store.db, source, { ...PK, batchSize: 10, onProgress: cutAfterTwoBatches }));
    const stored = error.details?.['stored'] as Record<string, unknown>;
    // Two batches of ten contacts: rows through 03005550019 (line 23); the rejected row on line 25 waits with the third.
    expect(stored).toMatchObject({ storedThroughLine: 23, imported: 20, rejectedTotal: 0, total: 20 });
    expect(error.message).toMatch(
      /^The import stopped: the connection was reset\. Lines 2 to 23 were imported \(20 contacts\); nothing from line 24 on was\./,
    );
    expect(await storedPhones()).toEqual(Array.from({ length: 20 }, (_, i) => phoneOf(i)));
  });

  it('keeps the batches committed before the database fails, and says which lines they are', async () => {
    // A real failure of the real database: a trigger refuses the 25th contact.
    await refuseContactInsert(store.db, `92${phoneOf(24).slice(1)}`);
    const error = await failureOf(importText(`phone,name\n${numbered(0, 30)}\n`, { batchSize: 10 }));
    expect(error.code).toBe('internal');
    expect(error.message).toMatch(
      /^The import stopped: .*the disk is full\. Lines 2 to 21 were imported \(20 contacts\); nothing from line 22 on was\./,
    );
    expect(error.details?.['stored']).toMatchObject({ storedThroughLine: 21, imported: 20, updated: 0, total: 20 });
    expect(await storedPhones()).toEqual(Array.from({ length: 20 }, (_, i) => phoneOf(i)));
  });

  it('counts updates and merges only once their batch is committed', async () => {
    await upsertContacts(store.db, [{ phone: `92${phoneOf(0).slice(1)}` }]);
    await refuseContactInsert(store.db, `92${phoneOf(15).slice(1)}`);
    // Rows 0-9 (row 3 twice, in the same batch) then 10-19, where 3 comes back from the first batch.
    const rows = [...numberedRows(0, 4), numberedRows(3, 4)[0], ...numberedRows(4, 10), numberedRows(3, 4)[0], ...numberedRows(10, 20)];
    const error = await failureOf(importText(`phone,name\n${rows.join('\n')}\n`, { batchSize: 10 }));
    expect(error.details?.['stored']).toMatchObject({ storedThroughLine: 12, imported: 9, updated: 1, merged: 1, total: 11 });
  });

  it('reads from a stream and reports progress after each batch', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `03001234${String(i).padStart(3, '0')},Guest ${i}`);
    const progress: number[] = [];
    const result = await importContactsCsv(store.db, Readable.from([`phone,name\n${rows.join('\n')}\n`]), {
      ...PK,
      batchSize: 10,
      onProgress: (p) => progress.push(p.rows),
    });
    expect(result.imported).toBe(25);
    expect(progress).toEqual([10, 20, 25]);
  });

  it('rejects each row of a file not in UTF-8 (Excel "CSV (Comma delimited)") with its line, storing nothing from them', async () => {
    // Windows-1252: é is 0xE9. Windows-1256: عائشہ is C9 C7 C6 D4 C0.
    const content = Buffer.concat([
      Buffer.from('phone,name,city\r\n03001234567,Caf'),
      Buffer.from([0xe9]),
      Buffer.from(' Jos'),
      Buffer.from([0xe9]),
      Buffer.from(',Lahore\r\n03011234567,Bilal,Karachi\r\n03021234567,"'),
      Buffer.from([0xc9, 0xc7, 0xc6, 0xd4, 0xc0]),
      Buffer.from('\r\nKhan",Multan\r\n03031234567,Dawood,\r\n'),
    ]);
    const file = store.dir.file('excel.csv');
    writeFileSync(file, content);
    const result = await importContactsCsv(store.db, file, PK);
    expect(result.rejected).toEqual([
      { line: 2, reason: expect.stringMatching(/not UTF-8 text.*"CSV UTF-8 \(Comma delimited\)"/), input: 'Caf\uFFFD Jos\uFFFD' },
      { line: 4, reason: expect.stringMatching(/not UTF-8 text.*"CSV UTF-8 \(Comma delimited\)"/), input: '\uFFFD'.repeat(5) + '\r\nKhan' },
    ]);
    expect(result).toMatchObject({ imported: 2, updated: 0, merged: 0, rejectedTotal: 2, total: 4 });
    expect(await findContactByPhone(store.db, '923001234567')).toBeUndefined();
    expect(await findContactByPhone(store.db, '923021234567')).toBeUndefined();
    expect((await findContactByPhone(store.db, '923011234567'))?.name).toBe('Bilal');
    expect((await findContactByPhone(store.db, '923031234567'))?.name).toBe('Dawood');
  });

  it('reads Urdu whose characters are split between the chunks of the stream', async () => {
    const name = (i: number) => `عائشہ خان ${i} کیفے`;
    const rows = Array.from({ length: 2_000 }, (_, i) => `0300${String(1_000_000 + i)},${i % 5 === 4 ? `"${name(i)}"` : name(i)},لاہور`);
    const bytes = Buffer.from(`phone,name,city\n${rows.join('\n')}\n`);
    // Odd chunk sizes: most chunk boundaries fall inside a two-byte Urdu character.
    const chunks: Buffer[] = [];
    for (let from = 0, i = 0; from < bytes.length; i++) {
      const size = [7, 13, 1, 4093][i % 4] ?? 7;
      chunks.push(bytes.subarray(from, from + size));
      from += size;
    }
    const result = await importContactsCsv(store.db, Readable.from(chunks), PK);
    expect(result).toMatchObject({ imported: 2_000, rejectedTotal: 0 });
    expect(await findContactByPhone(store.db, '923001001999')).toMatchObject({ name: name(1999), fields: { city: 'لاہور' } });
    expect(await findContactByPhone(store.db, '923001000004')).toMatchObject({ name: name(4) });
  });

  it('imports a 10,000-row file', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `0300${String(1_000_000 + i)},Customer ${i},${i % 2 ? 'odd' : 'even'},${i}`);
    const result = await importText(`phone,name,tags,visits\n${rows.join('\n')}\n`);
    expect(result).toEqual({ imported: 10_000, updated: 0, merged: 0, optedOut: 0, rejected: [], rejectedTotal: 0, total: 10_000 });
    expect((await listContacts(store.db, { tags: ['odd'] })).total).toBe(5_000);
    expect(await findContactByPhone(store.db, '923001009999')).toMatchObject({ name: 'Customer 9999', fields: { visits: '9999' } });
  });
});
