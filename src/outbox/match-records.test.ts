import { describe, expect, it } from 'vitest';
import { parseZonedTime } from './gateway-time.js';
import { matchRecordsToRows, type ListedRecord, type RowToMatch } from './match-records.js';

const row = (id: number, claimedAt: string, phone = '923001000001', body = 'Hi'): RowToMatch => ({ id, phone, body, claimedAt });
const record = (uid: string, createdAt: string | undefined, position: number, phone = '923001000001', body = 'Hi'): ListedRecord => ({
  uid,
  phone,
  body,
  status: 'Enroute',
  createdAtMs: parseZonedTime(createdAt),
  position,
});
const options = { marginMs: 60_000, takenUids: new Set<string>() };

describe('matchRecordsToRows', () => {
  it('pairs a row with a record of the same number and exact text', () => {
    const matches = matchRecordsToRows([row(1, '2026-11-26T07:00:00Z')], [record('u1', '2026-11-26T07:00:01Z', 1)], options);
    expect(matches.get(1)?.uid).toBe('u1');
  });

  it('ignores other numbers, other texts and records older than the claim less the margin', () => {
    const records = [
      record('other-phone', '2026-11-26T07:00:01Z', 1, '923001000002'),
      record('other-text', '2026-11-26T07:00:01Z', 2, '923001000001', 'Hi!'),
      record('too-old', '2026-11-26T06:58:59Z', 3),
    ];
    expect(matchRecordsToRows([row(1, '2026-11-26T07:00:00Z')], records, options).size).toBe(0);
  });

  it('allows clock skew within the margin', () => {
    const matches = matchRecordsToRows([row(1, '2026-11-26T07:00:00Z')], [record('skewed', '2026-11-26T06:59:30Z', 1)], options);
    expect(matches.get(1)?.uid).toBe('skewed');
  });

  it('gives one record to one row, the older record to the older row', () => {
    const rows = [row(2, '2026-11-26T07:05:00Z'), row(1, '2026-11-26T07:00:00Z'), row(3, '2026-11-26T07:06:00Z')];
    // newest first, as the list walks
    const records = [record('newer', '2026-11-26T07:05:01Z', 1), record('older', '2026-11-26T07:00:01Z', 2)];
    const matches = matchRecordsToRows(rows, records, options);
    expect(matches.get(1)?.uid).toBe('older');
    expect(matches.get(2)?.uid).toBe('newer');
    expect(matches.has(3)).toBe(false);
  });

  it('never uses a record whose uid another row owns', () => {
    const matches = matchRecordsToRows([row(1, '2026-11-26T07:00:00Z')], [record('owned', '2026-11-26T07:00:01Z', 1)], {
      ...options,
      takenUids: new Set(['owned']),
    });
    expect(matches.size).toBe(0);
  });

  it('compares records without a zoned time by list position only', () => {
    const records = [record('b', '2026-11-26 07:00:02', 1), record('a', '2026-11-26 07:00:01', 2)];
    const matches = matchRecordsToRows([row(1, '2026-11-26T07:00:00Z')], records, options);
    expect(matches.get(1)?.uid).toBe('a');
  });
});

describe('parseZonedTime', () => {
  it('reads times with a zone and refuses those without', () => {
    expect(parseZonedTime('2026-11-26T07:00:00.000Z')).toBe(Date.parse('2026-11-26T07:00:00.000Z'));
    expect(parseZonedTime('2026-11-26 12:00:00+05:00')).toBe(Date.parse('2026-11-26T07:00:00.000Z'));
    expect(parseZonedTime('2026-11-26T12:00:00+0500')).toBe(Date.parse('2026-11-26T07:00:00.000Z'));
    expect(parseZonedTime('2026-11-26 07:00:00')).toBeUndefined();
    expect(parseZonedTime('yesterday Z')).toBeUndefined();
    expect(parseZonedTime(undefined)).toBeUndefined();
  });
});
