import { describe, expect, it } from 'vitest';
import { createKeywordMatcher, foldKeyword, namesOptOutKeyword } from './keywords.js';

describe('createKeywordMatcher', () => {
  const matcher = createKeywordMatcher();

  it.each(['STOP', 'stop', ' Stop. ', 'STOP!!', 'stopall', 'Unsubscribe', 'cancel', 'END', 'quit', 'stop please', 'STOP, thanks'])(
    'reads %j as an opt-out',
    (text) => {
      expect(matcher.match(text)).toBe('opt_out');
    },
  );

  it.each(['بند', ' بند۔', 'روکیں', 'رکو', 'ختم', '\u200fبند\u200f', 'بند کریں'])('reads the Urdu %j as an opt-out', (text) => {
    expect(matcher.match(text)).toBe('opt_out');
  });

  // Typed on an Arabic or Persian keyboard: Arabic yeh (ي), kaf (ك) for the Urdu ی and ک.
  it.each(['روکيں', 'ركو', 'روكیں', 'روكيں'])('reads %j, Urdu typed with Arabic letters, as an opt-out', (text) => {
    expect(matcher.match(text)).toBe('opt_out');
  });

  it.each(['START', 'start.', 'Unstop', 'شروع'])('reads %j as an opt-in', (text) => {
    expect(matcher.match(text)).toBe('opt_in');
  });

  it.each(['', '   ', '!!!', "don't stop", 'Is the cafe open?', 'stopping by later', 'restart', 'بندوق'])('ignores %j', (text) => {
    expect(matcher.match(text)).toBeNull();
  });

  it('adds the configured keywords, whole phrases included', () => {
    const custom = createKeywordMatcher({ optOutKeywords: ['Band karo', 'NOMORE'], optInKeywords: ['Wapas'] });
    expect(custom.match('band karo')).toBe('opt_out');
    expect(custom.match('nomore please')).toBe('opt_out');
    expect(custom.match('WAPAS')).toBe('opt_in');
    expect(custom.match('band')).toBeNull();
  });

  it('lets opt-out win when a configured word is in both lists', () => {
    expect(createKeywordMatcher({ optInKeywords: ['stop'] }).match('stop')).toBe('opt_out');
  });
});

describe('foldKeyword', () => {
  it('case-folds and trims spaces, punctuation and invisible marks', () => {
    expect(foldKeyword('  ¡STOP!  ')).toBe('stop');
    expect(foldKeyword('\u200fختم\u200f۔')).toBe('ختم');
    expect(foldKeyword('ＳＴＯＰ')).toBe('stop');
    expect(foldKeyword('ركو')).toBe(foldKeyword('رکو'));
  });
});

describe('namesOptOutKeyword', () => {
  it('finds a word of the opt-out line that opts a customer out, configured ones included', () => {
    expect(namesOptOutKeyword('Reply STOP to opt out. بند کرنے کے لیے STOP بھیجیں')).toBe(true);
    expect(namesOptOutKeyword('Offers band karne ke liye بند likhein')).toBe(true);
    expect(namesOptOutKeyword('Call 0300-1234567 for no more offers')).toBe(false);
    expect(namesOptOutKeyword('Stopping offers? Call us')).toBe(false);
    expect(namesOptOutKeyword('Reply BAS to opt out', ['bas'])).toBe(true);
  });
});
