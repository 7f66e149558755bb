import { measureSms } from '../sms/index.js';

export interface SmsShapeOfText {
  smsType: 'plain' | 'unicode';
  smsCount: number;
}

/**
 * Characters of the GSM-7 basic set that are one grapheme and one septet each. Text made only of
 * them is GSM-7 with one character per septet, so its parts follow from its length alone
 * (sms-shape.test.ts checks this agrees with measureSms).
 */
const PLAIN_GSM_TEXT = /^[A-Za-z0-9 \n!"#$%&'()*+,\-./:;<=>?@_]*$/;
const SINGLE_PART = 160;
const PER_PART = 153;

/**
 * measureSms, made cheap enough for 100,000 messages a run: measuring (grapheme splitting) is the
 * costliest step of a send. Plain GSM-7 text is counted by length; anything else goes through
 * measureSms with a memo, as campaigns send one text to many numbers. The memo is emptied when
 * full to bound memory.
 */
export function createSmsMeasurer(limit = 5000): (text: string) => SmsShapeOfText {
  const memo = new Map<string, SmsShapeOfText>();
  return (text) => {
    if (PLAIN_GSM_TEXT.test(text)) {
      return { smsType: 'plain', smsCount: text.length <= SINGLE_PART ? 1 : Math.ceil(text.length / PER_PART) };
    }
    const known = memo.get(text);
    if (known) return known;
    const shape = measureSms(text);
    const result: SmsShapeOfText = {
      smsType: shape.encoding === 'UCS-2' ? 'unicode' : 'plain',
      smsCount: Math.max(1, shape.segments),
    };
    if (memo.size >= limit) memo.clear();
    memo.set(text, result);
    return result;
  };
}

/** The platform's price: one unit per SMS part, written as a numeric string. */
export function costOf(units: number): string {
  return units.toFixed(2);
}
