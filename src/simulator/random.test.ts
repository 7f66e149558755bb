import { describe, expect, it } from 'vitest';
import { createRandom, hexUid, shuffledOutOfOrder } from './random.js';

describe('createRandom', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = createRandom(1);
    const b = createRandom(1);
    const draws = Array.from({ length: 1000 }, () => a.next());
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(new Set(draws).size).toBeGreaterThan(990);
  });
});

describe('hexUid', () => {
  it('makes 13 lowercase hex characters', () => {
    const random = createRandom(3);
    for (let i = 0; i < 500; i++) expect(hexUid(random)).toMatch(/^[0-9a-f]{13}$/);
  });
});

describe('shuffledOutOfOrder', () => {
  it('keeps every item and never the input order', () => {
    const random = createRandom(5);
    for (let length = 2; length < 8; length++) {
      const items = Array.from({ length }, (_, i) => ({ i }));
      for (let round = 0; round < 200; round++) {
        const out = shuffledOutOfOrder(items, random);
        expect(out.some((item, index) => item !== items[index])).toBe(true);
        expect([...out].sort((x, y) => x.i - y.i)).toEqual(items);
      }
    }
  });

  it('leaves empty and single-item lists as they are, without changing its input', () => {
    const random = createRandom(5);
    expect(shuffledOutOfOrder([], random)).toEqual([]);
    expect(shuffledOutOfOrder(['a'], random)).toEqual(['a']);
    const input = ['a', 'b', 'c'];
    shuffledOutOfOrder(input, random);
    expect(input).toEqual(['a', 'b', 'c']);
  });
});
