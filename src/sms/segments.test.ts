import { describe, expect, it } from 'vitest';
import { SegmentedMessage } from 'sms-segments-calculator';
import { isGsm7, measureSms } from './index.js';

describe('measureSms', () => {
  it('counts a plain English text as one GSM-7 segment up to 160 characters', () => {
    expect(measureSms('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1, characters: 160 });
    expect(measureSms('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', segments: 2 });
    expect(measureSms('a'.repeat(306))).toMatchObject({ segments: 2 });
    expect(measureSms('a'.repeat(307))).toMatchObject({ segments: 3 });
  });

  it('counts Urdu as UCS-2: 70 characters in one part, 67 per part beyond', () => {
    const urdu = 'آپ کا آرڈر تیار ہے';
    expect(measureSms(urdu)).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    expect(measureSms('ب'.repeat(70)).segments).toBe(1);
    expect(measureSms('ب'.repeat(71)).segments).toBe(2);
    expect(measureSms('ب'.repeat(134)).segments).toBe(2);
    expect(measureSms('ب'.repeat(135)).segments).toBe(3);
  });

  it('names the characters that force UCS-2', () => {
    expect(measureSms('Order ready ✓').nonGsmCharacters).toEqual(['✓']);
    expect(measureSms('Order ready').nonGsmCharacters).toEqual([]);
  });

  it('an empty text takes no segment', () => {
    expect(measureSms('').segments).toBe(0);
  });
});

describe('measureSms fast paths agree with sms-segments-calculator', () => {
  // A seeded generator, so a failure names a text that can be reproduced.
  function randomTexts(alphabet: string[], count: number, seed: number): string[] {
    let state = seed;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
    return Array.from({ length: count }, () => {
      const length = Math.floor(next() * 420);
      return Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    });
  }

  function viaLibrary(text: string) {
    const message = new SegmentedMessage(text);
    return {
      encoding: message.encodingName,
      segments: text.length === 0 ? 0 : message.segmentsCount,
      characters: message.numberOfCharacters,
    };
  }

  it.each([
    ['plain GSM-7', [...'abcXYZ 0123,.!?\n@£èé']],
    ['GSM-7 with extension characters', [...'abc {}[]€^|~\\']],
    ['Urdu', [...'آپ کا آرڈر تیار ہے۔ شکریہ ']],
    ['Urdu with Latin and digits', [...'آرڈر نمبر 1234 ready ']],
    ['emoji and marks (library path)', ['a', '😀', 'ب', '\u064E', ' ']],
    ['joiners, Thai and Hangul (library path)', ['a', '\u200C', '\u200D', 'ำ', 'ᄀ', 'ᅡ', ' ']],
  ])('%s', (_name, alphabet) => {
    for (const text of randomTexts(alphabet, 300, 7)) {
      const fast = measureSms(text);
      expect({ encoding: fast.encoding, segments: fast.segments, characters: fast.characters }, JSON.stringify(text)).toEqual(
        viaLibrary(text),
      );
      expect(isGsm7(text), JSON.stringify(text)).toBe(viaLibrary(text).encoding === 'GSM-7');
    }
  });
});
