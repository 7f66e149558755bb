import { isGsm7 } from './segments.js';

/** Sentence ends in English and Urdu, where a bilingual opt-out line can be cut. */
const SENTENCE_END = /(?<=[.!?۔])\s+/u;

/**
 * Ends a promotional message with its opt-out line, on a line of its own.
 *
 * The default line is bilingual (English and Urdu). Urdu forces UCS-2, which carries 70 characters
 * per SMS instead of 160, so appending it to an English message would double what the cafe pays for
 * every message. A message that is plain GSM-7 therefore carries only the GSM-7 sentences of the line
 * (the English one); a message already in UCS-2 (Urdu) carries the whole line at no extra encoding
 * cost, each language on its own line (breakBetweenDirections). A line with no GSM-7 sentence is
 * always appended whole.
 */
export function appendOptOutLine(body: string, optOutText: string | null | undefined): string {
  return createOptOutAppender(optOutText)(body);
}

/**
 * appendOptOutLine for many messages with the same line: the line is read once, so each message
 * costs one look at its own encoding (a campaign of a million measured the line a million times).
 */
export function createOptOutAppender(optOutText: string | null | undefined): (body: string) => string {
  const variants = optOutLineVariants(optOutText);
  if (variants === null) return (body) => body;
  return (body) => (body === '' ? body : `${body}\n${variantFor(body, variants)}`);
}

/** The two forms one opt-out line takes at the end of a message; equal when the line is all GSM-7. */
export interface OptOutLineVariants {
  /** What a GSM-7 (English) message ends with. */
  english: string;
  /** What every other message ends with. */
  other: string;
}

/** Both forms of the line, so staff can see what each kind of message will end with; null when there is no line. */
export function optOutLineVariants(optOutText: string | null | undefined): OptOutLineVariants | null {
  const line = optOutText?.trim() ?? '';
  if (line === '') return null;
  const gsmSentences = isGsm7(line) ? [line] : line.split(SENTENCE_END).filter((sentence) => isGsm7(sentence));
  // No GSM-7 sentence: every message gets the whole line.
  const english = gsmSentences.length === 0 ? line : gsmSentences.join(' ');
  return { english, other: breakBetweenDirections(line) };
}

/**
 * The opt-out line `body` would end with (null when there is no line). An empty body counts as
 * English, so a composer shows the line before anything is typed.
 */
export function optOutLineAfter(body: string, optOutText: string | null | undefined): string | null {
  const variants = optOutLineVariants(optOutText);
  return variants === null ? null : variantFor(body, variants);
}

function variantFor(body: string, variants: OptOutLineVariants): string {
  return isGsm7(body) ? variants.english : variants.other;
}

/** Letters of right-to-left scripts (Hebrew, Arabic and Urdu, with their presentation forms). */
const RIGHT_TO_LEFT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
const LETTER = /\p{L}/u;

/** Whether a sentence reads right to left: its first letter decides, as on a phone. */
export function readsRightToLeft(sentence: string): boolean {
  const first = LETTER.exec(sentence)?.[0];
  return first !== undefined && RIGHT_TO_LEFT.test(first);
}

/**
 * Puts a line break where the line changes reading direction ("Reply STOP to opt out." then the
 * Urdu sentence). Inside one left-to-right line the Urdu sentence, with "STOP" in the middle of
 * it, shows its words in the wrong order; on a line of its own a phone reads it right to left.
 * The break replaces the space between the sentences, one character for one, so the message costs
 * the same SMS parts. (Isolating marks, U+2068/U+2069, would add two characters and could cost a part.)
 */
export function breakBetweenDirections(line: string): string {
  const pieces = line.split(SENTENCE_GAP);
  let out = pieces[0] ?? '';
  for (let i = 1; i + 1 < pieces.length; i += 2) {
    const before = pieces[i - 1] ?? '';
    const after = pieces[i + 1] ?? '';
    const turns = readsRightToLeft(before) !== readsRightToLeft(after);
    out += (turns ? '\n' : pieces[i]) + after;
  }
  return out;
}

/** The gap after a sentence end, kept by split (odd indexes) so a line that does not turn stays as written. */
const SENTENCE_GAP = /(?<=[.!?۔])(\s+)/u;
