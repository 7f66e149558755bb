import { describe, expect, it } from 'vitest';
import { formatCount, formatPercent, formatRupees, formatUnits, plural } from './format';

describe('formatting figures', () => {
  it('never shows 100% before the end, and shows it at the end', () => {
    expect(formatPercent(0.999)).toBe('99%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.42)).toBe('42%');
    expect(formatPercent(Number.NaN)).toBe('—');
    expect(formatPercent(1.5)).toBe('100%');
  });

  it('groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(undefined)).toBe('—');
  });
});

describe('formatting money', () => {
  it('writes rupees with paisa only when there are some', () => {
    expect(formatRupees(450)).toBe('Rs 450');
    expect(formatRupees(1234.5)).toBe('Rs 1,234.50');
    expect(formatRupees(0.1 * 3)).toBe('Rs 0.30');
    expect(formatRupees(null)).toBe('—');
  });

  it('adds the money to SMS units when the price is known', () => {
    expect(formatUnits(300, 1.5)).toBe('300 SMS units · Rs 450');
    expect(formatUnits(1, null)).toBe('1 SMS unit');
    expect(formatUnits(12_000)).toBe('12,000 SMS units');
  });
});

describe('plural', () => {
  it('says one recipient and many recipients, with thousands grouped', () => {
    expect(plural(1, 'recipient')).toBe('1 recipient');
    expect(plural(0, 'recipient')).toBe('0 recipients');
    expect(plural(1200, 'message')).toBe('1,200 messages');
    expect(plural(2, 'reply', 'replies')).toBe('2 replies');
    expect(plural(1, 'reply', 'replies')).toBe('1 reply');
  });
});
