import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { checkBulkFile, readBulkRows, type BulkRow, type InvalidBulkRow, type ReadBulkFileOptions } from './index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cafe-bulk-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function csv(content: string, name = 'in.csv'): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

/** Every entry of the file, split as the CLI sees them. */
async function readBulkFile(file: string, options: ReadBulkFileOptions) {
  const rows: BulkRow[] = [];
  const invalid: InvalidBulkRow[] = [];
  for await (const entries of readBulkRows(file, options)) {
    for (const entry of entries) {
      if (entry.valid) rows.push({ line: entry.line, sms: entry.sms });
      else invalid.push({ line: entry.line, phone: entry.phone, reason: entry.reason });
    }
  }
  return { file, rows, invalid, total: rows.length + invalid.length };
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
    const file = await csv('\uFEFF Message , PHONE ,Type,name\n\nhi,03001234567,IMAGE ,x\n  \n,,,\nyo,03001234568,,Ali\n'.replace('hi', 'https://cafe.pk/menu.png'));
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

describe('readBulkRows: unusable files', () => {
  it('names a missing column', async () => {
    const error = await readError(await csv('phone,text\n03001234567,hi\n'));
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
    const error = await readError(await csv('phone,message\n03001234567,ok\n03001234568,"never closed\nmore\n'));
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
      invalid: [{ line: 3, phone: '123', reason: expect.stringContaining('"123" is not a valid phone number') }],
      phones: expect.anything(),
    });
  });

  it("hands its numbers to the next pass, which re-checks rows whose phone changed in between", async () => {
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
