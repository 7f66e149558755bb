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
 * cost. A line with no GSM-7 sentence is always appended whole.
 */
export function appendOptOutLine(body: string, optOutText: string | null | undefined): string {
  return createOptOutAppender(optOutText)(body);
}

/**
 * appendOptOutLine for many messages with the same line: the line is read once, so each message
 * costs one look at its own encoding (a campaign of a million measured the line a million times).
 */
export function createOptOutAppender(optOutText: string | null | undefined): (body: string) => string {
  const line = optOutText?.trim() ?? '';
  if (line === '') return (body) => body;
  const gsmSentences = isGsm7(line) ? [line] : line.split(SENTENCE_END).filter((sentence) => isGsm7(sentence));
  // No GSM-7 sentence: every message gets the whole line.
  const forGsmBody = gsmSentences.length === 0 ? line : gsmSentences.join(' ');
  return (body) => {
    if (body === '') return body;
    return `${body}\n${isGsm7(body) ? forGsmBody : line}`;
  };
}
