import { describe, expect, it } from 'vitest';
import { optOutLineFor, optOutLineVariants } from './render-template';

const LINE = 'Reply STOP to opt out. بند کرنے کے لیے STOP بھیجیں';

describe('optOutLineFor', () => {
  it('gives an English (GSM-7) message only the English sentence, and an Urdu one the whole line', () => {
    expect(optOutLineFor('Hi Ayesha, 20% off today', LINE)).toBe('Reply STOP to opt out.');
    expect(optOutLineFor('السلام علیکم', LINE)).toBe(LINE);
    expect(optOutLineFor('', LINE)).toBe('Reply STOP to opt out.');
  });

  it('gives none when there is no line (image or transactional messages)', () => {
    expect(optOutLineFor('Hi', null)).toBeNull();
  });

  it('names both forms of the line', () => {
    expect(optOutLineVariants(LINE)).toEqual({ english: 'Reply STOP to opt out.', other: LINE });
    expect(optOutLineVariants('Reply STOP to opt out.')).toEqual({ english: 'Reply STOP to opt out.', other: 'Reply STOP to opt out.' });
    expect(optOutLineVariants(null)).toBeNull();
  });
});
