import { describe, expect, it } from 'vitest';
import { DEFAULT_OPT_OUT_TEXT } from '../config/index.js';
import { appendOptOutLine, createOptOutAppender, measureSms } from './index.js';
import { breakBetweenDirections, readsRightToLeft } from './opt-out-line.js';

describe('appendOptOutLine', () => {
  it('keeps an English message in GSM-7 by giving it the English sentence of the bilingual line', () => {
    const body = appendOptOutLine('Hi Ayesha, 20% off this week!', DEFAULT_OPT_OUT_TEXT);
    expect(body).toBe('Hi Ayesha, 20% off this week!\nReply STOP to opt out.');
    expect(measureSms(body)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });

  it('gives an Urdu message the whole bilingual line, the Urdu sentence on a line of its own', () => {
    const body = appendOptOutLine('عید مبارک! اس ہفتے 20% رعایت', DEFAULT_OPT_OUT_TEXT);
    expect(body).toBe('عید مبارک! اس ہفتے 20% رعایت\nReply STOP to opt out.\nبند کرنے کے لیے STOP بھیجیں');
  });

  it('costs the same SMS parts as the line written on one line, whatever the length of the message', () => {
    for (let length = 1; length <= 400; length++) {
      const urdu = 'ع'.repeat(length);
      const oneLine = measureSms(`${urdu}\n${DEFAULT_OPT_OUT_TEXT}`);
      const sent = measureSms(appendOptOutLine(urdu, DEFAULT_OPT_OUT_TEXT));
      expect({ length, parts: sent.segments, characters: sent.characters }).toEqual({
        length,
        parts: oneLine.segments,
        characters: oneLine.characters,
      });
    }
  });

  it('appends a line that is all GSM-7 or all Urdu as it is', () => {
    expect(appendOptOutLine('Hello', 'Text STOP to 8787.')).toBe('Hello\nText STOP to 8787.');
    expect(appendOptOutLine('Hello', 'بند کرنے کے لیے STOP بھیجیں')).toBe('Hello\nبند کرنے کے لیے STOP بھیجیں');
  });

  it('leaves the message alone when there is no line or no message', () => {
    expect(appendOptOutLine('Hello', null)).toBe('Hello');
    expect(appendOptOutLine('Hello', '  ')).toBe('Hello');
    expect(appendOptOutLine('', DEFAULT_OPT_OUT_TEXT)).toBe('');
  });
});

describe('createOptOutAppender', () => {
  it('answers what appendOptOutLine answers, message after message, with the line read once', () => {
    const append = createOptOutAppender(DEFAULT_OPT_OUT_TEXT);
    const bodies = ['Hi Ayesha, 20% off!', 'عید مبارک!', 'Price in € today', '', 'Mixed عید text'];
    for (const body of bodies) expect(append(body)).toBe(appendOptOutLine(body, DEFAULT_OPT_OUT_TEXT));
    expect(createOptOutAppender(undefined)('Hello')).toBe('Hello');
  });
});

describe('breakBetweenDirections', () => {
  it('breaks the line only where it turns from left-to-right to right-to-left or back', () => {
    expect(breakBetweenDirections('Reply STOP to opt out. بند کرنے کے لیے STOP بھیجیں')).toBe(
      'Reply STOP to opt out.\nبند کرنے کے لیے STOP بھیجیں',
    );
    expect(breakBetweenDirections('بند کرنے کے لیے STOP بھیجیں۔ Reply STOP.')).toBe('بند کرنے کے لیے STOP بھیجیں۔\nReply STOP.');
    expect(breakBetweenDirections('Reply STOP. Thanks!  Cafe')).toBe('Reply STOP. Thanks!  Cafe');
    expect(breakBetweenDirections('بند کرنے کے لیے STOP بھیجیں')).toBe('بند کرنے کے لیے STOP بھیجیں');
  });

  it('reads the direction from the first letter, as a phone does', () => {
    expect(readsRightToLeft('بند کرنے کے لیے STOP')).toBe(true);
    expect(readsRightToLeft('20% بند')).toBe(true);
    expect(readsRightToLeft('STOP بند')).toBe(false);
    expect(readsRightToLeft('123')).toBe(false);
  });
});
