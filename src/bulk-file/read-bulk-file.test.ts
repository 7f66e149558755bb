import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { checkBulkFile, readBulkRows, type BulkRow, type InvalidBulkRow, type ReadBulkFileOptions, type SkippedBulkRow } from './index.js';
import { BULK_CSV_WITH_UNCLOSED_QUOTE, BULK_CSV_WITHOUT_MESSAGE_COLUMN } from '../../test/support/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cafe-bulk-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function csv(content: string | Buffer, name = 'in.csv'): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

/** Every entry of the file, split as the CLI sees them. */
async function readBulkFile(file: string, options: ReadBulkFileOptions) {
  const rows: BulkRow[] = [];
  const invalid: InvalidBulkRow[] = [];
  const skipped: SkippedBulkRow[] = [];
  for await (const entries of readBulkRows(file, options)) {
    for (const entry of entries) {
      if (entry.kind === 'valid') rows.push({ line: entry.line, sms: entry.sms });
      else if (entry.kind === 'invalid') invalid.push({ line: entry.line, phone: entry.phone, reason: entry.reason });
      else skipped.push({ line: entry.line, phone: entry.phone, optedOutAt: entry.optedOutAt });
    }
  }
  return { file, rows, invalid, ...(skipped.length > 0 ? { skipped } : {}), total: rows.length + invalid.length + skipped.length };
}

const read = (file: string) => readBulkFile(file, { defaultCountry: 'PK' });

async function readError(file: string): Promise<CafeError> {
  const error = await read(file).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CafeError);
  return error as CafeError;
}

describe('readBulkRows: good files', () => {
  it('reads rows with normalised phones, trimmed messages and text as the default type', async () => {
    const file = await csv('phone,message\n0300-1234567, Salam! \n+92 301 7654321,Order ready\n');
    const result = await read(file);
    expect(result).toEqual({
      file,
      total: 2,
      invalid: [],
      rows: [
        { line: 2, sms: { to: '923001234567', message: 'Salam!', type: 'text' } },
        { line: 3, sms: { to: '923017654321', message: 'Order ready', type: 'text' } },
      ],
    });
  });

  it('tolerates a BOM, header names in any case with spaces, extra columns and blank lines', async () => {
    const file = await csv(
      '\uFEFF Message , PHONE ,Type,name\n\nhi,03001234567,IMAGE ,x\n  \n,,,\nyo,03001234568,,Ali\n'.replace(
        'hi',
        'https://cafe.pk/menu.png',
      ),
    );
    const result = await read(file);
    expect(result.total).toBe(2);
    expect(result.rows).toEqual([
      { line: 3, sms: { to: '923001234567', message: 'https://cafe.pk/menu.png', type: 'image' } },
      { line: 6, sms: { to: '923001234568', message: 'yo', type: 'text' } },
    ]);
  });

  it('counts physical lines across quoted multi-line messages, with LF and with CRLF', async () => {
    for (const eol of ['\n', '\r\n']) {
      const content = ['phone,message', '03001234567,"line one', '', 'line three"', '', '03001234568,after', 'bad,after bad'].join(eol);
      const result = await read(await csv(content, `multi-${eol.length}.csv`));
      expect(result.rows.map((row) => row.line)).toEqual([2, 6]);
      expect(result.rows[0]?.sms.message).toBe(`line one${eol}${eol}line three`);
      expect(result.invalid.map((row) => row.line)).toEqual([7]);
    }
  });

  it('keeps stray quotes as written instead of refusing the file', async () => {
    const result = await read(await csv('phone,message\n03001234567,Try our "special" tea\n03001234568,"quoted"tail\n'));
    expect(result.rows.map((row) => row.sms.message)).toEqual(['Try our "special" tea', '"quoted"tail']);
  });
});

describe('readBulkRows: bad rows are all reported with their line and reason', () => {
  it('checks every row and keeps the good ones', async () => {
    const file = await csv(
      [
        'phone,message,type',
        '03001234567,fine,text',
        '12345,bad phone,text',
        '03001234568,,text',
        '03001234569,hello,video',
        '03001234560,not a url,image',
        '03001234561,ftp://cafe.pk/a.png,image',
        '03001234562,too,many,fields',
        '03001234563',
        ',no phone,text',
        '03001234564,https://cafe.pk/a.png,image',
      ].join('\n'),
    );
    const result = await read(file);
    expect(result.total).toBe(10);
    expect(result.rows.map((row) => row.line)).toEqual([2, 11]);
    const reasons = Object.fromEntries(result.invalid.map((row) => [row.line, row.reason]));
    expect(Object.keys(reasons).map(Number)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(reasons[3]).toMatch(/"12345" is not a valid phone number/);
    expect(reasons[4]).toMatch(/message is empty/);
    expect(reasons[5]).toMatch(/type "video" is not text or image/);
    expect(reasons[6]).toMatch(/image message must be .*http\(s\) URL, got "not a url"/);
    expect(reasons[7]).toMatch(/http\(s\) URL/);
    expect(reasons[8]).toMatch(/has 4 fields but the header has 3/);
    expect(reasons[9]).toMatch(/has 1 field but the header has 3/);
    expect(reasons[10]).toMatch(/Phone number is empty/);
    expect(result.invalid[0]?.phone).toBe('12345');
  });
});

describe('readBulkRows: text that is not UTF-8', () => {
  /** A row in Windows-1252 (é = E9, – = 96) or Windows-1256 (سلام = D3 E1 C7 E3), as Excel's "CSV (Comma delimited)" writes. */
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

  it('refuses each row with bytes that are not UTF-8, with its line, and keeps the others', async () => {
    const file = await csv(
      bytes(
        'phone,message,note\r\n',
        '03001234567,Caf',
        [0xe9],
        ' special ',
        [0x96],
        ' 50% off,\r\n', // 2: a plain line
        '03001234568,Plain tea,\r\n', // 3
        '03001234569,"',
        [0xd3, 0xe1, 0xc7, 0xe3],
        '\r\nquoted, on two lines",\r\n', // 4-5: read by csv-parse
        '03001234560,After,\r\n', // 6
        '03001234561,Fine,Jos',
        [0xe9],
        '\r\n', // 7: a column that is not sent is still the file's text
      ),
    );
    const result = await read(file);
    expect(result.rows.map((row) => [row.line, row.sms.message])).toEqual([
      [3, 'Plain tea'],
      [6, 'After'],
    ]);
    expect(result.invalid.map((row) => row.line)).toEqual([2, 4, 7]);
    for (const row of result.invalid) {
      expect(row.reason).toMatch(
        /^the file is not UTF-8 text .*save it in Excel as "CSV UTF-8 \(Comma delimited\)", or re-encode it as UTF-8$/,
      );
    }
    expect(result.invalid[0]?.phone).toBe('03001234567');
  });
});

describe('readBulkRows: customers who opted out', () => {
  const optedOut = new Map([
    ['923001234568', '2026-11-20T09:30:00.000Z'],
    ['923001234570', '2026-01-01T00:00:00.000Z'],
  ]);

  it('skips valid rows to numbers that opted out, however the number is written', async () => {
    const file = await csv('phone,message\n03001234567,hi\n+92 300 1234568,hi\n0300-1234568,again\n123,hi\n0300-1234570,\n');
    const result = await readBulkFile(file, { defaultCountry: 'PK', optedOut });
    expect(result.rows.map((row) => row.line)).toEqual([2]);
    expect(result.skipped).toEqual([
      { line: 3, phone: '923001234568', optedOutAt: '2026-11-20T09:30:00.000Z' },
      { line: 4, phone: '923001234568', optedOutAt: '2026-11-20T09:30:00.000Z' },
    ]);
    // A row that is invalid is reported as invalid, whoever it is to.
    expect(result.invalid.map((row) => row.line)).toEqual([5, 6]);
  });

  it('counts them apart from the rows to send when checking', async () => {
    const file = await csv('phone,message\n03001234567,hi\n03001234568,hi\n123,hi\n');
    expect(await checkBulkFile(file, { defaultCountry: 'PK', optedOut })).toMatchObject({ total: 3, valid: 1, skipped: 1 });
  });
});

describe('readBulkRows: unusable files', () => {
  it('names a missing column', async () => {
    const error = await readError(await csv(BULK_CSV_WITHOUT_MESSAGE_COLUMN));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/no "message" column/);
    expect(error.details).toEqual({ missingColumns: ['message'] });
  });

  it('names both columns when the first line is data, not a header', async () => {
    const error = await readError(await csv('03001234567,hi\n'));
    expect(error.message).toMatch(/no "phone" and "message" column/);
    expect(error.message).toMatch(/phone,message/);
  });

  it('refuses a column named twice', async () => {
    const error = await readError(await csv('phone,message,Phone\n1,2,3\n'));
    expect(error.message).toMatch(/"phone" twice/);
  });

  it('refuses an empty file, a blank file and a header-only file', async () => {
    expect((await readError(await csv('', 'empty.csv'))).message).toMatch(/empty\.csv is empty/);
    expect((await readError(await csv('\n\n  \n', 'blank.csv'))).message).toMatch(/blank\.csv is empty/);
    expect((await readError(await csv('\uFEFFphone,message\n\n', 'header.csv'))).message).toMatch(/header\.csv has a header but no rows/);
  });

  it('refuses a file that does not exist, naming it', async () => {
    const missing = path.join(dir, 'nope.csv');
    const error = await readError(missing);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(`File not found: ${missing}`);
    expect(error.input).toBe(missing);
  });

  it('refuses a folder', async () => {
    expect((await readError(dir)).message).toMatch(/is a folder/);
  });

  it('reports an unclosed quote with the line it starts on', async () => {
    const error = await readError(await csv(BULK_CSV_WITH_UNCLOSED_QUOTE));
    expect(error.message).toMatch(/not valid CSV: a quoted field that starts on line 3 is never closed/);
    expect(error.details).toMatchObject({ line: 3 });
  });

  it('refuses an overlong record instead of buffering it', async () => {
    const file = await csv(`phone,message\n03001234567,"${'x'.repeat(500)}"\n`);
    const error = await readBulkFile(file, { defaultCountry: 'PK', maxRecordSize: 100 }).catch((e: unknown) => e as CafeError);
    expect(error).toBeInstanceOf(CafeError);
    expect((error as CafeError).message).toMatch(/line 2 is too long/);
  });
});

describe('checkBulkFile', () => {
  it('counts the rows and keeps only the invalid ones', async () => {
    const file = await csv('phone,message\n03001234567,hi\n123,hi\n\n03001234568,hi\n');
    expect(await checkBulkFile(file, { defaultCountry: 'PK' })).toEqual({
      file,
      total: 3,
      valid: 2,
      skipped: 0,
      invalid: [{ line: 3, phone: '123', reason: expect.stringContaining('"123" is not a valid phone number') }],
      phones: expect.anything(),
    });
  });

  it('hands its numbers to the next pass, which re-checks rows whose phone changed in between', async () => {
    const file = await csv('phone,message\n03001234567,a\n03001234568,b\n');
    const { phones } = await checkBulkFile(file, { defaultCountry: 'PK' });
    expect(phones.recall(0, '03001234567')).toBe('923001234567');
    await writeFile(file, 'phone,message\n03001234567,a\n+92 301 7654321,b\n12,c\n');
    const again = await readBulkFile(file, { defaultCountry: 'PK', phones });
    expect(again.rows.map((row) => row.sms.to)).toEqual(['923001234567', '923017654321']);
    expect(again.invalid.map((row) => row.line)).toEqual([4]);
  });

  it('throws what makes the file unusable', async () => {
    await expect(checkBulkFile(await csv('phone\n1\n'), { defaultCountry: 'PK' })).rejects.toThrow(/no "message" column/);
  });
});

describe('readBulkRows: stopping early', () => {
  it('closes the file when the reader stops before the end', async () => {
    const file = await csv(['phone,message', ...Array.from({ length: 20_000 }, (_, i) => `0300${1_000_000 + i},hi`)].join('\n'));
    let pieces = 0;
    for await (const entries of readBulkRows(file, { defaultCountry: 'PK' })) {
      pieces += 1;
      expect(entries[0]?.line).toBeGreaterThan(1);
      break;
    }
    expect(pieces).toBe(1);
  });

  it('yields a big file in several pieces, in order', async () => {
    const file = await csv(['phone,message', ...Array.from({ length: 20_000 }, (_, i) => `0300${1_000_000 + i},hi`)].join('\n'));
    const lines: number[] = [];
    let pieces = 0;
    for await (const entries of readBulkRows(file, { defaultCountry: 'PK' })) {
      pieces += 1;
      for (const entry of entries) lines.push(entry.line);
    }
    expect(pieces).toBeGreaterThan(1);
    expect(lines).toEqual(Array.from({ length: 20_000 }, (_, i) => i + 2));
  });
});
