import { measureSms } from './segments.js';

/** Sentence ends in English and Urdu, where a bilingual opt-out line can be cut. */
const SENTENCE_END = /(?<=[.!?۔])\s+/u;

function isGsm(text: string): boolean {
  return measureSms(text).encoding === 'GSM-7';
}

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
  const line = optOutText?.trim() ?? '';
  if (line === '' || body === '') return body;
  if (isGsm(line) || !isGsm(body)) return `${body}\n${line}`;
  const gsmSentences = line.split(SENTENCE_END).filter((sentence) => isGsm(sentence));
  return gsmSentences.length === 0 ? `${body}\n${line}` : `${body}\n${gsmSentences.join(' ')}`;
}
