import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPT_OUT_TEXT } from '../config/index.js';
import { appendOptOutLine, optOutLineAfter, optOutLineVariants } from './opt-out-line.js';

const URDU_ON_ITS_OWN_LINE = 'Reply STOP to opt out.\nبند کرنے کے لیے STOP بھیجیں';

describe('optOutLineVariants', () => {
  it('names what English messages and all others end with', () => {
    expect(optOutLineVariants(DEFAULT_OPT_OUT_TEXT)).toEqual({ english: 'Reply STOP to opt out.', other: URDU_ON_ITS_OWN_LINE });
    expect(optOutLineVariants('Text STOP to 8787.')).toEqual({ english: 'Text STOP to 8787.', other: 'Text STOP to 8787.' });
  });

  it('gives the whole line to English messages too when no sentence of it is GSM-7', () => {
    expect(optOutLineVariants('بند کرنے کے لیے STOP بھیجیں')?.english).toBe('بند کرنے کے لیے STOP بھیجیں');
  });

  it('is null when there is no line', () => {
    expect(optOutLineVariants(null)).toBeNull();
    expect(optOutLineVariants('  ')).toBeNull();
  });
});

describe('optOutLineAfter', () => {
  it('picks the form by the message, counting an empty one as English', () => {
    expect(optOutLineAfter('Hi Ayesha', DEFAULT_OPT_OUT_TEXT)).toBe('Reply STOP to opt out.');
    expect(optOutLineAfter('عید مبارک', DEFAULT_OPT_OUT_TEXT)).toBe(URDU_ON_ITS_OWN_LINE);
    expect(optOutLineAfter('', DEFAULT_OPT_OUT_TEXT)).toBe('Reply STOP to opt out.');
    expect(optOutLineAfter('Hi', undefined)).toBeNull();
  });

  it('is exactly the line appendOptOutLine puts after any message', () => {
    const body = fc.oneof(fc.string({ minLength: 1 }), fc.string({ unit: 'grapheme', minLength: 1 }));
    const line = fc.constantFrom(DEFAULT_OPT_OUT_TEXT, 'Reply STOP.', 'بند کرنے کے لیے STOP بھیجیں');
    fc.assert(
      fc.property(body, line, (message, optOutText) => {
        expect(appendOptOutLine(message, optOutText)).toBe(`${message}\n${optOutLineAfter(message, optOutText)}`);
      }),
    );
  });
});
