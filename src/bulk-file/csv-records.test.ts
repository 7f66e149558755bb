import { describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { csvRecordsOf, type NumberedRecord } from './csv-records.js';
import { BULK_CSV_WITH_UNCLOSED_QUOTE } from '../../test/support/index.js';

/** What reading a file gives: its records in order, and the error that stopped it, if any. */
interface Reading {
  records: NumberedRecord[];
  error: { message: string; details: unknown } | undefined;
}

async function* chunksOf(bytes: Buffer, sizes: readonly number[]): AsyncGenerator<Buffer> {
  let from = 0;
  for (let i = 0; from < bytes.length; i += 1) {
    const size = sizes[i % sizes.length] ?? bytes.length;
    yield bytes.subarray(from, from + size);
    from += size;
  }
}

async function readAll(bytes: Buffer, sizes: readonly number[], maxRecordSize: number, plainLines: boolean): Promise<Reading> {
  const records: NumberedRecord[] = [];
  try {
    for await (const piece of csvRecordsOf('in.csv', chunksOf(bytes, sizes), { maxRecordSize, plainLines })) records.push(...piece);
    return { records, error: undefined };
  } catch (error) {
    if (!(error instanceof CafeError)) throw error;
    return { records, error: { message: error.message, details: error.details } };
  }
}

/** The same records and the same error as csv-parse alone; records read before an error may be grouped differently. */
async function expectSameAsCsvParse(bytes: Buffer, sizes: readonly number[], maxRecordSize = 100_000): Promise<void> {
  const quick = await readAll(bytes, sizes, maxRecordSize, true);
  const parsed = await readAll(bytes, sizes, maxRecordSize, false);
  const context = JSON.stringify({ text: bytes.toString('latin1'), sizes, maxRecordSize });
  expect(quick.error, context).toEqual(parsed.error);
  if (parsed.error === undefined) expect(quick.records, context).toEqual(parsed.records);
  else {
    const shorter = Math.min(quick.records.length, parsed.records.length);
    expect(quick.records.slice(0, shorter), context).toEqual(parsed.records.slice(0, shorter));
  }
}

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const UTF16_BOM = Buffer.from([0xff, 0xfe]);

describe('csvRecordsOf reads exactly as csv-parse does', () => {
  it.each([
    ['plain lines', 'phone,message\n03001234567,hi\n03001234568,there\n'],
    ['no final line break', 'phone,message\n03001234567,hi'],
    ['Windows line breaks', 'phone,message\r\n03001234567,hi\r\n03001234568,there'],
    ['old Mac line breaks', 'phone,message\r03001234567,hi\r'],
    ['a stray carriage return', 'phone,message\n03001234567,h\ri\n'],
    ['a lone line feed in a Windows file', 'phone,message\r\n03001234567,h\ni\r\n'],
    ['blank lines', '\nphone,message\n\n03001234567,hi\n\n\n'],
    ['quotes part-way', 'phone,message\n03001234567,hi\n03001234568,"a, b"\n03001234569,c\n'],
    ['a quote in an unquoted field', 'phone,message\n03001234567,Try our "special" tea\n'],
    ['text after a closing quote', 'phone,message\n03001234567,"quoted"tail\n'],
    ['a quote never closed', BULK_CSV_WITH_UNCLOSED_QUOTE],
    ['a quoted line break in a Windows file', 'phone,message\r\n03001234567,"two\r\nlines"\r\n03001234568,x\r\n'],
    ['Urdu text', 'phone,message\n03001234567,آپ کا آرڈر تیار ہے\n'],
    ['only a header', 'phone,message'],
    ['nothing', ''],
    ['one character', 'a'],
    ['a lone carriage return', '\r'],
  ])('%s', async (_name, text) => {
    for (const prefix of [Buffer.alloc(0), UTF8_BOM]) {
      const bytes = Buffer.concat([prefix, Buffer.from(text)]);
      for (const sizes of [[bytes.length || 1], [1], [2], [3], [5, 7], [16 * 1024]]) await expectSameAsCsvParse(bytes, sizes);
    }
  });

  it('with a UTF-16 byte order mark, and a byte order mark alone', async () => {
    await expectSameAsCsvParse(Buffer.concat([UTF16_BOM, Buffer.from('phone,message\n1,2\n', 'utf16le')]), [4]);
    await expectSameAsCsvParse(UTF8_BOM, [1]);
    await expectSameAsCsvParse(UTF8_BOM, [3]);
  });

  it('at the record size limit', async () => {
    const text = Buffer.from('phone,message\n03001234567,hello\n03001234568,hello there you\n03001234569,x\n');
    for (const limit of [5, 13, 16, 17, 18, 26, 27, 28, 40]) await expectSameAsCsvParse(text, [7], limit);
    await expectSameAsCsvParse(Buffer.from('a,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'), [4], 10);
  });

  it('on random files, in random chunks', async () => {
    const random = seededRandom(1_234_567);
    const tokens = ['a', 'bc', '0300', 'é', '€', '😀', ',', ',', '"', '""', '\n', '\n', '\r', '\r\n', '\r\n', ' ', '\uFEFF'];
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
    for (let round = 0; round < 1_500; round += 1) {
      const plain = random() < 0.5;
      const parts: string[] = [];
      for (let i = Math.floor(random() * 40); i > 0; i -= 1) {
        // Mostly plain files with a rare special character, and files of anything.
        parts.push(plain && random() < 0.9 ? pick(['a', 'bc', ',', '\n', 'é']) : pick(tokens));
      }
      const lead = pick([Buffer.alloc(0), Buffer.alloc(0), UTF8_BOM]);
      const bytes = Buffer.concat([lead, Buffer.from(parts.join(''))]);
      const sizes = Array.from({ length: 3 }, () => 1 + Math.floor(random() * 9));
      await expectSameAsCsvParse(bytes, sizes, pick([100_000, 100_000, 4, 9]));
    }
  });
});

describe('csvRecordsOf decodes UTF-8 by whole lines and fields', () => {
  const urdu = (i: number) => `سلام ${i}، آپ کا آرڈر تیار ہے 😀`;
  // Every third message quoted: csv-parse takes over from the quick splitter part-way.
  const rows = Array.from({ length: 50 }, (_, i) => `0300${1_000_000 + i},${i % 3 === 2 ? `"${urdu(i)}"` : urdu(i)}`);
  const text = ['phone,message', ...rows].join('\n');

  it('never mistakes a character split between chunks for bytes that are not UTF-8', async () => {
    const bytes = Buffer.from(text);
    for (const plainLines of [true, false]) {
      for (const sizes of [[1], [2], [3], [5, 7], [4093]]) {
        const { records } = await readAll(bytes, sizes, 100_000, plainLines);
        expect(records.slice(1).map((record) => record.fields[1])).toEqual(Array.from({ length: 50 }, (_, i) => urdu(i)));
      }
    }
  });

  it('reads bytes that are not UTF-8 as U+FFFD, which the row checks refuse', async () => {
    // Windows-1252: é is E9, – is 96.
    const bytes = Buffer.concat([
      Buffer.from('phone,message\n03001234567,Caf'),
      Buffer.from([0xe9]),
      Buffer.from('\n03001234568,"'),
      Buffer.from([0x96]),
      Buffer.from('"\n'),
    ]);
    for (const plainLines of [true, false]) {
      const { records } = await readAll(bytes, [3], 100_000, plainLines);
      expect(records.map((record) => record.fields[1])).toEqual(['message', 'Caf\uFFFD', '\uFFFD']);
    }
  });
});
