import { describe, expect, it } from 'vitest';
import { formatCount, formatPercent } from './format';

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
