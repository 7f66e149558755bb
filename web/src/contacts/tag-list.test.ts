import { describe, expect, it } from 'vitest';
import { parseTagList } from './tag-list';

describe('parseTagList', () => {
  it('splits, trims, lower-cases and de-duplicates', () => {
    expect(parseTagList(' VIP, regulars ,#vip  lunch')).toEqual(['vip', 'regulars', 'lunch']);
    expect(parseTagList('  ')).toEqual([]);
  });
});
