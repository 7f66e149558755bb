import { describe, expect, it } from 'vitest';
import { createPhoneCache } from './phone-cache.js';

describe('createPhoneCache', () => {
  it('gives back the number of a row whose raw text is unchanged', () => {
    const cache = createPhoneCache();
    cache.remember(0, '0300-1234567', '923001234567');
    cache.remember(5_000, '+31 6 12345678', '31612345678');
    expect(cache.recall(0, '0300-1234567')).toBe('923001234567');
    expect(cache.recall(5_000, '+31 6 12345678')).toBe('31612345678');
  });

  it('gives nothing for another raw text, an unknown row or a number it cannot hold', () => {
    const cache = createPhoneCache();
    cache.remember(0, '0300-1234567', '923001234567');
    cache.remember(1, 'x', '0123');
    expect(cache.recall(0, '0300-1234568')).toBeUndefined();
    expect(cache.recall(1, 'x')).toBeUndefined();
    expect(cache.recall(2, '0300-1234567')).toBeUndefined();
    expect(cache.recall(1_000_000, '0300-1234567')).toBeUndefined();
  });

  it('holds the longest numbers exactly', () => {
    const cache = createPhoneCache();
    cache.remember(3, 'a', '999999999999999');
    expect(cache.recall(3, 'a')).toBe('999999999999999');
  });
});
