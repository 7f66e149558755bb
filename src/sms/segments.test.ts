import { describe, expect, it } from 'vitest';
import { measureSms } from './index.js';

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
