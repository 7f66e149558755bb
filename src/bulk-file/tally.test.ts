import { describe, expect, it } from 'vitest';
import { createBulkTally, type BulkResultRow } from './index.js';

const row = (line: number, outcome: BulkResultRow['outcome'], error = ''): BulkResultRow => ({
  line,
  phone: '923001234567',
  outcome,
  uid: outcome === 'accepted' ? `u${line}` : '',
  error,
});

describe('createBulkTally', () => {
  it('counts outcomes and segments, groups rejection reasons and lists unknown and skipped lines', () => {
    const tally = createBulkTally();
    tally.add(row(2, 'accepted'), 2);
    tally.add(row(3, 'rejected', 'blacklisted'), 0);
    tally.add(row(4, 'unknown', 'timeout'), 0);
    tally.add(row(5, 'rejected', 'blacklisted'), 0);
    tally.add(row(6, 'rejected', 'no balance'), 0);
    tally.add(row(7, 'accepted'), 1);
    tally.add(row(8, 'invalid', 'bad'), 0);
    tally.add(row(9, 'skipped', 'not sent: the customer opted out on 2026-11-25 14:30 (cafe time)'), 0);
    expect(tally.summary()).toEqual({
      total: 8,
      accepted: 2,
      rejected: 3,
      unknown: 1,
      invalid: 1,
      skipped: 1,
      segments: 3,
      rejectedReasons: [
        { reason: 'blacklisted', count: 2, lines: [3, 5] },
        { reason: 'no balance', count: 1, lines: [6] },
      ],
      unknownLines: [4],
      skippedLines: [9],
    });
  });

  it('keeps only a few example lines and a bounded number of reason groups', () => {
    const tally = createBulkTally();
    for (let line = 1; line <= 1_000; line++) {
      tally.add(row(line, 'unknown'), 0);
      tally.add(row(line, 'rejected', `${line} is a invalid phone number`), 0);
    }
    const summary = tally.summary();
    expect(summary.unknown).toBe(1_000);
    expect(summary.unknownLines).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(summary.rejectedReasons).toHaveLength(21);
    expect(summary.rejectedReasons[0]).toEqual({ reason: 'other reasons (see the results file)', count: 980, lines: [21, 22, 23, 24, 25, 26, 27, 28, 29, 30] });
  });
});
