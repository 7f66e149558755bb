import { describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { normalizePhone, tryNormalizePhone } from './index.js';
import { commonPakistaniMobile, normalizePhoneWithLibrary } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    '0300-1234567',
    '0300 1234567',
    '+92 300 1234567',
    '923001234567',
    '3001234567',
    '00923001234567',
    '(0300) 123-4567',
    ' 0300-1234567 ',
    '+92 (300) 123.4567',
    '۰۳۰۰-۱۲۳۴۵۶۷', // Urdu digits
    '٠٣٠٠١٢٣٤٥٦٧', // Arabic digits
  ])('turns %s into 923001234567', (input) => {
    expect(normalizePhone(input, 'PK')).toBe('923001234567');
  });

  it('keeps foreign numbers written with their country code and no plus', () => {
    expect(normalizePhone('31612345678', 'PK')).toBe('31612345678');
    expect(normalizePhone('+44 7911 123456', 'PK')).toBe('447911123456');
  });

  it.each([
    ['', /empty/],
    ['12345', /not a valid phone number/],
    ['hello', /not a valid phone number/],
    // libphonenumber finds a number inside text; a phone field holds the number alone.
    ['0300 123 4567; DROP TABLE contacts;--', /not a valid phone number/],
    ['03001234580abcdef', /not a valid phone number/],
    ['0300-1234567 ext 22', /not a valid phone number/],
    ['+92-300-1234575x', /not a valid phone number/],
    ['0300\u00001234567', /not a valid phone number/],
    ['0300-12345', /not a valid phone number/],
    ['042-35761234', /not a mobile number/],
  ])('refuses %j with an error naming it', (input, message) => {
    let caught: unknown;
    try {
      normalizePhone(input, 'PK');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CafeError);
    expect((caught as CafeError).code).toBe('invalid_input');
    expect((caught as CafeError).message).toMatch(message);
    expect((caught as CafeError).input).toBe(input);
  });

  it('tryNormalizePhone answers null instead of throwing', () => {
    expect(tryNormalizePhone('nope')).toBeNull();
    expect(tryNormalizePhone('0300 1234567')).toBe('923001234567');
  });
});

/** What normalizePhone (or the library alone) answers for an input: the number, or the error it throws. */
function answerOf(normalize: (input: string, country: string) => string, input: string, country: string): unknown {
  try {
    return { phone: normalize(input, country) };
  } catch (error) {
    const { code, message, input: named } = error as CafeError;
    return { code, message, input: named };
  }
}

function differsFromLibrary(input: string, country: string): boolean {
  return JSON.stringify(answerOf(normalizePhone, input, country)) !== JSON.stringify(answerOf(normalizePhoneWithLibrary, input, country));
}

/** Every 3xx prefix in every shape the fast path reads (and shapes next to them that it must not). */
function pakistaniMobileForms(): string[] {
  const leads = ['', '0', ...['92', '+92', '0092'].flatMap((code) => [code, `${code} `, `${code}-`])];
  const separators = ['', ' ', '-'];
  const subscribers = ['0000000', '9999999', '5070913'];
  const forms: string[] = [];
  for (let prefix = 300; prefix <= 399; prefix += 1) {
    for (const subscriber of subscribers) {
      const [head, tail] = [subscriber.slice(0, 3), subscriber.slice(3)];
      for (const lead of leads) {
        for (const a of separators) for (const b of separators) forms.push(`${lead}${prefix}${a}${head}${b}${tail}`);
      }
      // One digit short or long, another country's code, a stray character: the library decides these.
      forms.push(`0${prefix}${subscriber.slice(1)}`, `0${prefix}${subscriber}1`, `93${prefix}${subscriber}`);
      forms.push(`+92 (${prefix}) ${subscriber}`, `0${prefix}/${subscriber}`, ` 0${prefix}${subscriber}\t`);
    }
  }
  return forms;
}

describe('normalizePhone on common Pakistani mobile numbers', () => {
  const forms = pakistaniMobileForms();

  it('answers exactly as libphonenumber does for every 3xx prefix in every common shape', () => {
    expect(forms.filter((input) => differsFromLibrary(input, 'PK'))).toEqual([]);
  });

  it('answers exactly as libphonenumber does when the default country is not Pakistan', () => {
    const sample = forms.filter((_, i) => i % 23 === 0);
    for (const country of ['GB', 'AE']) {
      expect(sample.filter((input) => differsFromLibrary(input, country))).toEqual([]);
    }
  });

  it('answers the common shapes of mobile prefixes itself, without the library', () => {
    for (const input of [
      '03001234567',
      '0300-1234567',
      '0300 123 4567',
      '+92 300 1234567',
      '923451234567',
      '0092-364-1234567',
      '3331234567',
    ]) {
      expect(commonPakistaniMobile(input, 'PK')).toBe(normalizePhoneWithLibrary(input, 'PK'));
    }
    for (const input of ['03501234567', '0300-12345678', '+44 7911 123456', '(0300) 1234567'])
      expect(commonPakistaniMobile(input, 'PK')).toBeUndefined();
    expect(commonPakistaniMobile('03001234567', 'GB')).toBeUndefined();
  });

  it('covers both mobile and non-mobile prefixes', () => {
    const prefixes = Array.from({ length: 100 }, (_, i) => `0${300 + i}1234567`);
    const valid = prefixes.filter((input) => tryNormalizePhone(input, 'PK') !== null);
    expect(valid.length).toBeGreaterThan(0);
    expect(valid.length).toBeLessThan(prefixes.length);
  });
});
