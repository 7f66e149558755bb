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
      notSent: 0,
      invalid: 1,
      skipped: 1,
      segments: 3,
      rejectedReasons: [
        { reason: 'blacklisted', count: 2, lines: [3, 5] },
        { reason: 'no balance', count: 1, lines: [6] },
      ],
      unknownLines: [4],
      skippedLines: [9],
      notSentLines: [],
    });
  });

  it('counts rows never handed to the gateway as not_sent, apart from every outcome of a sent row', () => {
    const stopped = 'not sent: sending stopped (interrupted (Ctrl-C)) before this row was handed to the gateway';
    const tally = createBulkTally();
    tally.add(row(2, 'accepted'), 1);
    tally.add(row(3, 'rejected', 'blacklisted'), 0);
    tally.add(row(4, 'unknown', 'timeout'), 0);
    // Calls settle out of order: a later batch's rows can be tallied first.
    for (const line of [9, 10, 5, 6, 8]) tally.add(row(line, 'not_sent', stopped), 0);
    tally.add(row(7, 'invalid', 'bad'), 0);
    const summary = tally.summary();
    expect(summary).toMatchObject({ total: 9, accepted: 1, rejected: 1, unknown: 1, notSent: 5, invalid: 1, skipped: 0, segments: 1 });
    expect(summary.notSentLines).toEqual([5, 6, 8, 9, 10]);
    // Not a refusal by the gateway: no rejection reason, and not among the lines that may have been sent.
    expect(summary.rejectedReasons).toEqual([{ reason: 'blacklisted', count: 1, lines: [3] }]);
    expect(summary.unknownLines).toEqual([4]);
    const { total, accepted, rejected, unknown, notSent, invalid, skipped } = summary;
    expect(accepted + rejected + unknown + notSent + invalid + skipped).toBe(total);
  });

  it('keeps the lowest few not_sent lines whatever order they settle in', () => {
    const tally = createBulkTally();
    for (let line = 5_000; line >= 2; line--) tally.add(row(line, 'not_sent', 'not sent'), 0);
    const summary = tally.summary();
    expect(summary.notSent).toBe(4_999);
    expect(summary.notSentLines).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
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
    expect(summary.rejectedReasons[0]).toEqual({
      reason: 'other reasons (see the results file)',
      count: 980,
      lines: [21, 22, 23, 24, 25, 26, 27, 28, 29, 30],
    });
  });
});
