import { describe, expect, it } from 'vitest';
import { measureSms } from '../sms/measure';
import { optOutLineFor, optOutLineVariants, withOptOutLine } from './render-template';

const LINE = 'Reply STOP to opt out. بند کرنے کے لیے STOP بھیجیں';
/** As an Urdu message ends: the Urdu sentence on a line of its own, so it reads right to left. */
const URDU_MESSAGE_LINE = 'Reply STOP to opt out.\nبند کرنے کے لیے STOP بھیجیں';

describe('optOutLineFor', () => {
  it('gives an English (GSM-7) message only the English sentence, and an Urdu one the whole line, Urdu on its own line', () => {
    expect(optOutLineFor('Hi Ayesha, 20% off today', LINE)).toBe('Reply STOP to opt out.');
    expect(optOutLineFor('السلام علیکم', LINE)).toBe(URDU_MESSAGE_LINE);
    expect(optOutLineFor('', LINE)).toBe('Reply STOP to opt out.');
  });

  it('gives none when there is no line (image or transactional messages)', () => {
    expect(optOutLineFor('Hi', null)).toBeNull();
  });

  it('names both forms of the line', () => {
    expect(optOutLineVariants(LINE)).toEqual({ english: 'Reply STOP to opt out.', other: URDU_MESSAGE_LINE });
    expect(optOutLineVariants('Reply STOP to opt out.')).toEqual({ english: 'Reply STOP to opt out.', other: 'Reply STOP to opt out.' });
    expect(optOutLineVariants(null)).toBeNull();
  });
});

describe('the cost shown in the composer', () => {
  it('is the cost of the message as sent: moving the Urdu sentence to its own line costs no extra SMS part', () => {
    for (const length of [1, 10, 17, 18, 19, 20, 50, 84, 85, 86, 150, 151, 152, 153, 200]) {
      const body = 'ب'.repeat(length);
      const shown = measureSms(withOptOutLine(body, LINE));
      const asWrittenInSettings = measureSms(`${body}\n${LINE}`);
      expect({ length, parts: shown.segments }).toEqual({ length, parts: asWrittenInSettings.segments });
    }
  });
});
