import { writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { findContactByPhone, listConsentEvents, listContacts, setOptOut, upsertContacts } from '../store/index.js';
import { openTempStore, type TempStore } from '../store/test-support/temp-store.js';
import { importContactsCsv, type ImportOptions } from './index.js';

let store: TempStore;

beforeEach(async () => {
  store = await openTempStore();
});

afterEach(async () => {
  await store.dispose();
});

const PK: ImportOptions = { defaultCountry: 'PK' };

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
    await importText('phone,opted_out,opted_out_at\n03001234567,yes,\n03001234567,yes,2025-03-01T00:00:00Z\n03001234567,yes,2025-02-01T00:00:00Z\n03001234567,no,\n');
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
    // Syntax errors (the unclosed quote's line) come from the parser ahead of the rows still in the stream.
    const lines = ['phone,name', ...Array.from({ length: 30 }, (_, i) => `bad${i},x`), '03001234567,Good', '03011234567,"never closed'];
    const result = await importText(lines.join('\n'), { keepRejected: 4 });
    expect(result.rejected.map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(result).toMatchObject({ imported: 1, rejectedTotal: 31, total: 32 });
    const all = await importText(lines.join('\n'));
    expect(all.rejected).toHaveLength(31);
    expect(all.rejectedTotal).toBe(31);
  });

  it('counts lines right in a Windows (CRLF) file with multi-line fields', async () => {
    const result = await importText(['phone,name', '03001234567,"Ayesha', 'Khan"', '', 'oops,Bad', '03011234567,Bilal'].join('\r\n'));
    expect(result.rejected).toEqual([{ line: 5, reason: expect.stringMatching(/"oops" is not a valid phone number/), input: 'oops' }]);
    expect(result.imported).toBe(2);
  });

  it('reports an unclosed quote on the line it starts, keeping the rows before it', async () => {
    const result = await importText('phone,name\n03001234567,Ayesha\n03011234567,"Bilal\n03021234567,Chand\n');
    expect(result.imported).toBe(1);
    expect(result.rejected).toEqual([{ line: 3, reason: expect.stringMatching(/quoted field is never closed/) }]);
    expect(result.total).toBe(2);
  });

  it('accepts stray quotes inside an unquoted field', async () => {
    await importText('phone,name\n03001234567,Ayesha "Ashi" Khan\n');
    expect((await findContactByPhone(store.db, '923001234567'))?.name).toBe('Ayesha "Ashi" Khan');
  });

  it('refuses a file with no phone column, naming its headers, and writes nothing', async () => {
    const error = await failureOf(importText('Name,Email\nAyesha,a@example.com\n'));
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
    expect(await importText('phone,name\n')).toEqual({ imported: 0, updated: 0, merged: 0, optedOut: 0, rejected: [], rejectedTotal: 0, total: 0 });
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
    const source = new Readable({ read() {} });
    source.push('phone,name\n03001234567,Ayesha\n');
    setImmediate(() => source.destroy(new Error('the disk went away')));
    const error = await failureOf(importContactsCsv(store.db, source, PK));
    expect(error.code).toBe('internal');
    expect(error.message).toBe('the disk went away');
  });

  it('does not blame the file when the database fails', async () => {
    const file = csvFile('phone\n03001234567\n');
    await store.close();
    const error = await failureOf(importContactsCsv(store.db, file, PK));
    expect(error.code).toBe('internal');
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

  it('rejects the rows of a file that is not UTF-8 (Excel "CSV (Comma delimited)") with their line, storing nothing from them', async () => {
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
