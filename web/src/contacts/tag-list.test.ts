import { describe, expect, it } from 'vitest';
import { parseTagList } from './tag-list';

describe('parseTagList', () => {
  it('splits on commas, trims, lower-cases and de-duplicates', () => {
    expect(parseTagList(' VIP, regulars ,#vip, lunch')).toEqual(['vip', 'regulars', 'lunch']);
    expect(parseTagList('  ')).toEqual([]);
  });

  it('keeps a tag with spaces whole, as the import does, and splits on semicolons like it', () => {
    expect(parseTagList('walk ins, vip')).toEqual(['walk ins', 'vip']);
    expect(parseTagList('Walk   Ins;regulars')).toEqual(['walk ins', 'regulars']);
  });
});
