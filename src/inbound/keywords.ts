/**
 * What a customer's reply asks for. A reply counts when the whole message (trimmed of spaces and
 * punctuation, case-folded) or its first word is a keyword: "Stop", "STOP." and "stop please" opt
 * out; "don't stop" does not.
 */
export type InboundAction = 'opt_out' | 'opt_in';

/** Carrier-standard English keywords plus the Urdu words customers actually send ("close", "stop", "end"). */
export const DEFAULT_OPT_OUT_KEYWORDS: readonly string[] = Object.freeze([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'بند',
  'روکیں',
  'رکو',
  'ختم',
]);

export const DEFAULT_OPT_IN_KEYWORDS: readonly string[] = Object.freeze(['START', 'UNSTOP', 'شروع']);

export interface KeywordOptions {
  /** Extra opt-out keywords from configuration (OPT_OUT_KEYWORDS). */
  optOutKeywords?: readonly string[];
  /** Extra opt-in keywords from configuration (OPT_IN_KEYWORDS). */
  optInKeywords?: readonly string[];
}

export interface KeywordMatcher {
  match(text: string): InboundAction | null;
}

// Format characters (right-to-left marks, zero-width joiners) ride along in Urdu text from phones.
const INVISIBLE = /\p{Cf}/gu;
const EDGE_NOISE = /^[\p{P}\p{S}\p{Z}\s]+|[\p{P}\p{S}\p{Z}\s]+$/gu;
const WORD_BREAK = /[\p{P}\p{S}\p{Z}\s]+/u;

/**
 * Arabic letters an Arabic or Persian keyboard types for their Urdu look-alikes: "روکيں" typed with
 * Arabic yeh, or "ركو" with Arabic kaf, is the same word to the customer who sends it.
 */
const ARABIC_TO_URDU: Readonly<Record<string, string>> = { ي: 'ی', ى: 'ی', ك: 'ک', ه: 'ہ' };
const ARABIC_LOOK_ALIKES = /[يىكه]/g;

/**
 * Case-folds and strips what a phone keyboard adds around a word, so "Stop!" and "stop" compare
 * equal, and writes Arabic look-alike letters as the Urdu ones.
 */
export function foldKeyword(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(EDGE_NOISE, '')
    .replace(ARABIC_LOOK_ALIKES, (letter) => ARABIC_TO_URDU[letter] ?? letter)
    .toLocaleLowerCase('en');
}

function firstWord(folded: string): string {
  return folded.split(WORD_BREAK)[0] ?? '';
}

function keywordSet(defaults: readonly string[], extra: readonly string[] | undefined): Set<string> {
  return new Set([...defaults, ...(extra ?? [])].map(foldKeyword).filter((word) => word !== ''));
}

/**
 * Whether an opt-out line names a word that really opts a customer out (the defaults, or `extra`
 * from OPT_OUT_KEYWORDS): a line that tells customers to send a word the worker ignores would
 * leave them no way out, which the law requires promotional SMS to give.
 */
export function namesOptOutKeyword(line: string, extra: readonly string[] = []): boolean {
  const keywords = keywordSet(DEFAULT_OPT_OUT_KEYWORDS, extra);
  return foldKeyword(line)
    .split(WORD_BREAK)
    .some((word) => keywords.has(foldKeyword(word)));
}

/**
 * Builds the matcher once (the worker reads every inbound message through it). Opt-out wins when a
 * configured word is in both lists: keeping a customer who asked to stop is the worse mistake.
 */
export function createKeywordMatcher(options: KeywordOptions = {}): KeywordMatcher {
  const optOut = keywordSet(DEFAULT_OPT_OUT_KEYWORDS, options.optOutKeywords);
  const optIn = keywordSet(DEFAULT_OPT_IN_KEYWORDS, options.optInKeywords);
  const lookup = (word: string): InboundAction | null => {
    if (optOut.has(word)) return 'opt_out';
    if (optIn.has(word)) return 'opt_in';
    return null;
  };
  return {
    match(text) {
      const folded = foldKeyword(text);
      if (folded === '') return null;
      return lookup(folded) ?? lookup(firstWord(folded));
    },
  };
}
