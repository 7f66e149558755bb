import { describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { normalizePhone, tryNormalizePhone } from './index.js';

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
