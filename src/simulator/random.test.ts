import { describe, expect, it } from 'vitest';
import { createRandom, createUidSequence, shuffledOutOfOrder } from './random.js';

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

/** 2026-11-26 10:00 in Karachi. */
const T0 = Date.UTC(2026, 10, 26, 5, 0, 0);

describe('createUidSequence', () => {
  it('makes uids like PHP uniqid(): 8 hex digits of seconds, 5 of microseconds, always growing', () => {
    const uids = createUidSequence(createRandom(3), () => T0);
    const issued = Array.from({ length: 100_000 }, () => uids.next()); // several seconds' worth
    expect(issued.filter((uid) => !/^[0-9a-f]{13}$/.test(uid) || parseInt(uid.slice(8), 16) >= 1_000_000)).toEqual([]);
    expect(issued.filter((uid, i) => i > 0 && uid <= issued[i - 1]!)).toEqual([]);
    expect(new Set(issued.map((uid) => uid.slice(0, 8))).size).toBeGreaterThan(1);
  });

  it('repeats for a seed and a fixed clock, and differs between seeds', () => {
    const take = (seed: number) => {
      const uids = createUidSequence(createRandom(seed), () => T0);
      return Array.from({ length: 5 }, () => uids.next());
    };
    expect(take(9)).toEqual(take(9));
    expect(take(9)).not.toEqual(take(10));
  });

  it('reads the clock: uids carry the moment they were made, and a later start repeats none', () => {
    let now = T0;
    const first = createUidSequence(createRandom(9), () => now);
    const earlier = Array.from({ length: 1000 }, () => first.next());
    expect(parseInt(earlier[0]!.slice(0, 8), 16)).toBe(T0 / 1000);
    now = T0 + 1000;
    const restarted = createUidSequence(createRandom(9), () => now);
    const later = Array.from({ length: 1000 }, () => restarted.next());
    expect(parseInt(later[0]!.slice(0, 8), 16)).toBe(T0 / 1000 + 1);
    expect(later.filter((uid) => earlier.includes(uid))).toEqual([]);
    // The clock going back (a fake one, or NTP) never makes a uid smaller than the last.
    now = T0;
    expect(restarted.next() > later.at(-1)!).toBe(true);
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
