import { describe, expect, it } from 'vitest';
import { shortfallFigures, shortfallSentence, unitsShortfall } from './balance-check';

const preview = (recipients: number, total: number) => ({ recipients, segments: { total } });
const units = (n: number) => ({ kind: 'units' as const, units: n, text: String(n) });

describe('unitsShortfall', () => {
  it('is null when the units are enough, unlimited or unknown', () => {
    expect(unitsShortfall(preview(300, 300), units(300))).toBeNull();
    expect(unitsShortfall(preview(300, 600), { kind: 'unlimited', text: 'Unlimited' })).toBeNull();
    expect(unitsShortfall(preview(300, 600), { kind: 'unknown', reason: 'no call' })).toBeNull();
    expect(unitsShortfall(preview(300, 600), undefined)).toBeNull();
    expect(unitsShortfall(preview(0, 0), units(0))).toBeNull();
  });

  it('counts the customers the units pay for at the average parts per message', () => {
    const shortfall = unitsShortfall(preview(300, 600), units(200));
    expect(shortfall).toEqual({ needed: 600, available: 200, recipients: 300, customers: 100 });
    expect(shortfallSentence(shortfall!)).toBe(
      'Enough SMS units for about 100 of 300 customers: top up before sending, or the rest will wait until you do.',
    );
    expect(shortfallFigures(shortfall!, 1.5)).toBe('This campaign needs 600 SMS units · Rs 900; the account has 200 SMS units · Rs 300.');
  });

  it('says so plainly when nothing or too little is left', () => {
    expect(shortfallSentence(unitsShortfall(preview(10, 10), units(0))!)).toMatch(/^The account has no SMS units left/);
    expect(shortfallSentence(unitsShortfall(preview(1, 3), units(2))!)).toMatch(
      /^The account has only 2 SMS units, not enough for one message/,
    );
    expect(unitsShortfall(preview(10, 10), units(-4))?.available).toBe(0);
  });

  it('never claims every customer while units are short', () => {
    expect(unitsShortfall(preview(3, 301), units(300))?.customers).toBe(2);
  });
});
