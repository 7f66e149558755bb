import { describe, expect, it } from 'vitest';
import { costOf, smsShapeOf } from './sms-shape.js';

describe('smsShapeOf', () => {
  it.each([
    ['plain text', 'Your order is ready', { smsType: 'plain', smsCount: 1 }],
    ['a long plain text', 'a'.repeat(161), { smsType: 'plain', smsCount: 2 }],
    ['Urdu', 'آپ کا آرڈر تیار ہے', { smsType: 'unicode', smsCount: 1 }],
    ['long Urdu', 'ب'.repeat(71), { smsType: 'unicode', smsCount: 2 }],
    ['an empty text, billed as one part', '', { smsType: 'plain', smsCount: 1 }],
  ])('%s', (_name, text, shape) => {
    expect(smsShapeOf(text)).toEqual(shape);
  });
});

describe('costOf', () => {
  it('writes units as a numeric string with two decimals, as the platform does', () => {
    expect(costOf(1)).toBe('1.00');
    expect(costOf(0)).toBe('0.00');
    expect(costOf(3)).toBe('3.00');
  });
});
