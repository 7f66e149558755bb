import { createWriteStream, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findContactByPhone, listContacts, setOptOut, upsertContacts } from '../store/index.js';
import { openTempStore, type TempStore } from '../store/test-support/temp-store.js';
import { exportContactsCsv, importContactsCsv, type ExportOptions } from './index.js';

let store: TempStore;

beforeEach(async () => {
  store = await openTempStore();
  const [, bilal] = await upsertContacts(store.db, [
    { phone: '923001234567', name: 'Ayesha, "Ashi" Khan', tags: ['vip', 'lunch'], fields: { drink: 'chai' } },
    { phone: '923011234567', name: 'Bilal', tags: ['lunch'], fields: { city: 'Lahore', notes: 'line one\nline two' } },
    { phone: '923021234567' },
  ]);
  await setOptOut(store.db, bilal!.id, { source: 'cli', now: new Date('2024-05-01T10:00:00.000Z') });
});

afterEach(async () => {
  await store.dispose();
});

async function exportText(options: ExportOptions = {}): Promise<{ text: string; exported: number }> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const { exported } = await exportContactsCsv(store.db, sink, options);
  return { text: Buffer.concat(chunks).toString('utf8'), exported };
}

describe('exportContactsCsv', () => {
  it('writes the fixed columns then every custom field, one row per contact', async () => {
    const { text, exported } = await exportText();
    expect(exported).toBe(3);
    expect(parse(text)).toEqual([
      ['phone', 'name', 'tags', 'opted_out', 'opted_out_at', 'city', 'drink', 'notes'],
      ['923001234567', 'Ayesha, "Ashi" Khan', 'lunch;vip', 'no', '', '', 'chai', ''],
      // Opt-out times in cafe time (Karachi, UTC+5), as staff read them.
      ['923011234567', 'Bilal', 'lunch', 'yes', '2024-05-01 15:00', 'Lahore', '', 'line one\nline two'],
      ['923021234567', '', '', 'no', '', '', '', ''],
    ]);
  });

  it('exports only contacts with any of the given tags', async () => {
    const { text, exported } = await exportText({ filter: { tags: ['VIP'] } });
    expect(exported).toBe(1);
    expect(parse(text).map((row: string[]) => row[0])).toEqual(['phone', '923001234567']);
  });

  it('writes just the header when nobody matches', async () => {
    const { text, exported } = await exportText({ filter: { tags: ['nobody'] } });
    expect(exported).toBe(0);
    expect(text).toBe('phone,name,tags,opted_out,opted_out_at,city,drink,notes\n');
  });

  it('starts with a byte order mark when asked, and ends a file stream', async () => {
    const file = store.dir.file('out.csv');
    const output = createWriteStream(file);
    await exportContactsCsv(store.db, output, { bom: true });
    expect(output.writableFinished).toBe(true);
    expect(readFileSync(file, 'utf8').startsWith('\uFEFFphone,name')).toBe(true);
  });

  it('leaves the output open with end: false (stdout)', async () => {
    const sink = new PassThrough();
    sink.resume();
    await exportContactsCsv(store.db, sink, { end: false });
    expect(sink.writableEnded).toBe(false);
    sink.end();
  });

  it('round-trips: importing the export into an empty store gives the same contacts, opt-outs included', async () => {
    const file = store.dir.file('backup.csv');
    await exportContactsCsv(store.db, createWriteStream(file), { bom: true });
    const copy = await openTempStore();
    try {
      const result = await importContactsCsv(copy.db, file, { defaultCountry: 'PK' });
      expect(result).toEqual({ imported: 3, updated: 0, merged: 0, optedOut: 1, rejected: [], rejectedTotal: 0, total: 3 });
      const strip = (c: Awaited<ReturnType<typeof findContactByPhone>>) => ({
        name: c?.name,
        tags: c?.tags,
        fields: c?.fields,
        optedOutAt: c?.optedOutAt,
      });
      for (const phone of ['923001234567', '923011234567', '923021234567']) {
        expect(strip(await findContactByPhone(copy.db, phone))).toEqual(strip(await findContactByPhone(store.db, phone)));
      }
      // A backup restored, or a move to a new machine, must not message a customer who said STOP.
      expect((await listContacts(copy.db, { optedOut: true })).total).toBe(1);
    } finally {
      await copy.dispose();
    }
  });

  it('writes cells a spreadsheet would run as formulas as text, and imports them back as they were', async () => {
    const risky = {
      name: '=HYPERLINK("http://evil.example","x")',
      fields: { note: '+1 free chai', promo: '@SUM(A1)', plain: 'half-price' },
    };
    await upsertContacts(store.db, [{ phone: '923031234567', ...risky, tags: ['-late'] }]);
    const file = store.dir.file('risky.csv');
    await exportContactsCsv(store.db, createWriteStream(file));
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(text).toContain("'+1 free chai");
    expect(text).toContain("'@SUM(A1)");
    expect(text).toContain(',half-price');
    const copy = await openTempStore();
    try {
      await importContactsCsv(copy.db, file, { defaultCountry: 'PK' });
      const back = await findContactByPhone(copy.db, '923031234567');
      expect(back).toMatchObject({ name: risky.name, tags: ['-late'], fields: expect.objectContaining(risky.fields) });
    } finally {
      await copy.dispose();
    }
  });
});
