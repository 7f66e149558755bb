import { describe, expect, it } from 'vitest';
import { measureSms } from '../sms/index.js';
import { createRandom } from './random.js';
import { costOf, createSmsMeasurer } from './sms-shape.js';

const PLAIN = 'abcXYZ 0123456789\n!"#$%&\'()*+,-./:;<=>?@_';

function expected(text: string) {
  const shape = measureSms(text);
  return { smsType: shape.encoding === 'UCS-2' ? 'unicode' : 'plain', smsCount: shape.segments };
}

describe('createSmsMeasurer', () => {
  it('agrees with measureSms on plain GSM text of every length around the part boundaries', () => {
    const measure = createSmsMeasurer();
    const random = createRandom(11);
    for (const length of [1, 70, 153, 159, 160, 161, 305, 306, 307, 459, 460, 612, 613]) {
      const text = Array.from({ length }, () => PLAIN[random.nextUint32() % PLAIN.length]).join('');
      expect(measure(text), `length ${length}`).toEqual(expected(text));
    }
  });

  it('agrees with measureSms on every character the quick path takes', () => {
    const measure = createSmsMeasurer();
    for (const character of PLAIN) expect(measure(character.repeat(161))).toEqual(expected(character.repeat(161)));
  });

  it.each([
    ['Urdu', 'آپ کا آرڈر تیار ہے'.repeat(5)],
    ['GSM extension characters', '{[price]} ~ 100€ '.repeat(12)],
    ['accented GSM letters', 'Café crème à emporter é'.repeat(8)],
    ['Windows line breaks', 'line one\r\nline two'],
    ['an emoji', 'Thank you ☕'],
  ])('agrees with measureSms on %s', (_name, text) => {
    const measure = createSmsMeasurer();
    expect(measure(text)).toEqual(expected(text));
    // Asked twice, the memo answers the same.
    expect(measure(text)).toEqual(expected(text));
  });

  it('keeps answering correctly after its memo fills up', () => {
    const measure = createSmsMeasurer(2);
    const texts = ['ب', 'بب', 'ببب', 'ب'.repeat(71)];
    for (const text of [...texts, ...texts]) expect(measure(text)).toEqual(expected(text));
  });
});

describe('costOf', () => {
  it('writes units as a numeric string with two decimals', () => {
    expect(costOf(1)).toBe('1.00');
    expect(costOf(0)).toBe('0.00');
    expect(costOf(3)).toBe('3.00');
  });
});
