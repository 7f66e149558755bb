import { describe, expect, it } from 'vitest';
import { readRecordFields } from './record-fields.js';
import { recordFieldsBySchema, type RecordFields } from './record-schema.js';

const FIELDS: readonly (keyof RecordFields)[] = [
  'uid',
  'message_uid',
  'message_id',
  'id',
  'queue_uid',
  'to',
  'from',
  'message',
  'status',
  'sms_type',
  'sms_count',
  'cost',
  'send_by',
  'created_at',
  'updated_at',
];

/** Values of every kind a gateway (or a broken one) might put in a field. */
const VALUES: readonly unknown[] = [
  undefined,
  null,
  true,
  false,
  0,
  -0,
  1,
  -3,
  1.5,
  2 ** 53 - 1,
  2 ** 53,
  1e21,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  '',
  ' ',
  'abc',
  'abcd',
  ' abcd ',
  '\u00a0abcd\n',
  '606812e63f78b',
  'q-0001_x',
  '-abcd',
  '_abcd',
  'not an id!',
  'a'.repeat(64),
  'a'.repeat(65),
  '3',
  ' 3 ',
  '1.00',
  '-0.5',
  '-0',
  '1.',
  '.5',
  '1e3',
  '0x10',
  '+3',
  '923001234567',
  '+92 300 1234567',
  'Delivered|prov-81',
  'from',
  'to',
  ' from',
  'FROM',
  [],
  ['606812e63f78b'],
  {},
  { uid: '606812e63f78b' },
];

/** Only the fields cafe-sms reads: the schema's output also carries the record's other keys. */
function known(fields: RecordFields | undefined): Partial<RecordFields> | undefined {
  if (fields === undefined) return undefined;
  return Object.fromEntries(FIELDS.map((name) => [name, fields[name]]));
}

function expectSameAsSchema(raw: unknown): void {
  expect(known(readRecordFields(raw))).toEqual(known(recordFieldsBySchema(raw)));
}

/** A small deterministic generator, so that a failure can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('readRecordFields', () => {
  it('reads every kind of value in every field exactly as the schema does', () => {
    for (const field of FIELDS) {
      for (const value of VALUES) expectSameAsSchema({ [field]: value });
    }
  });

  it('reads records mixing values in all fields exactly as the schema does', () => {
    const random = seededRandom(20_240_101);
    const pick = () => VALUES[Math.floor(random() * VALUES.length)];
    for (let i = 0; i < 500; i += 1) {
      expectSameAsSchema(Object.fromEntries(FIELDS.filter(() => random() < 0.6).map((field) => [field, pick()])));
    }
  });

  it('reads the platform record, extra keys and all', () => {
    const record = {
      uid: '606812e63f78b',
      to: '923001234567',
      from: 'Cafe de Revenue',
      message: 'Salaam',
      sms_type: 'plain',
      status: 'Delivered',
      sms_count: 1,
      cost: '1.00',
      send_by: 'from',
      created_at: '2024-01-01T10:00:00.000Z',
      updated_at: '2024-01-01T10:00:01.000Z',
      provider: { name: 'x' },
    };
    expectSameAsSchema(record);
    expect(readRecordFields(record)).toMatchObject({ uid: '606812e63f78b', cost: 1, send_by: 'from' });
  });

  it.each([
    ['an array', [{ uid: '606812e63f78b' }]],
    ['a date', new Date(0)],
    ['an object without prototype', Object.assign(Object.create(null) as object, { uid: '606812e63f78b', sms_count: '2' })],
    ['an object with inherited fields', Object.create({ uid: '606812e63f78b' }) as object],
    ['a string', '606812e63f78b'],
    ['a number', 17],
    ['null', null],
    ['undefined', undefined],
  ])('reads %s exactly as the schema does', (_name, raw) => {
    expectSameAsSchema(raw);
  });
});
