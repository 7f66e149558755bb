import { SegmentedMessage } from 'sms-segments-calculator';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsShape {
  encoding: SmsEncoding;
  /** Number of SMS parts the gateway bills for. */
  segments: number;
  /** Characters as the handset counts them (GSM-7 extension characters count twice). */
  characters: number;
  /** Characters that force UCS-2, so an editor can point at them. */
  nonGsmCharacters: string[];
}

// GSM 03.38: the basic set (one septet each) and the extension table (escape + septet: two each).
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';
const SEPTETS = new Map<string, number>([
  ...[...GSM_BASIC].map((c): [string, number] => [c, 1]),
  ...[...GSM_EXTENSION].map((c): [string, number] => [c, 2]),
]);
/** Septets per UTF-16 code unit (0: not GSM-7), for counting without a string per character. */
const SEPTETS_BY_CODE = new Uint8Array(0x10000);
for (const [char, size] of SEPTETS) SEPTETS_BY_CODE[char.charCodeAt(0)] = size;
const GSM_SINGLE = 160;
const GSM_PART = 153;
const UCS2_SINGLE = 70;
const UCS2_PART = 67;
/**
 * Scripts whose every character is one grapheme of one UTF-16 unit once combining marks are left
 * out: Latin, Arabic (Urdu) and common punctuation and currency signs. Other text (emoji, joiners,
 * scripts with clusters) goes to the library's grapheme-aware splitting.
 */
// eslint-disable-next-line no-control-regex -- the range starts at U+0000 on purpose: every character below U+0300 is simple.
const SIMPLE_UCS2 = /^[\u0000-\u02FF\u0600-\u06FF\u0750-\u077F\u2010-\u2027\u2030-\u205E\u20A0-\u20CF]*$/;
const COMBINING_MARK = /\p{M}/u;

function countSeptets(text: string): number | undefined {
  let septets = 0;
  for (let i = 0; i < text.length; i++) {
    // Every GSM-7 character is one UTF-16 unit; half of a surrogate pair maps to 0.
    const size = SEPTETS_BY_CODE[text.charCodeAt(i)]!;
    if (size === 0) return undefined;
    septets += size;
  }
  return septets;
}

/** Whether the text travels in GSM-7: every character is in the GSM 03.38 basic or extension table. */
export function isGsm7(text: string): boolean {
  return countSeptets(text) !== undefined;
}

function partsFor(units: number, single: number, perPart: number): number {
  if (units === 0) return 0;
  return units <= single ? 1 : Math.ceil(units / perPart);
}

/**
 * The library splits into graphemes, which costs ~150 µs a message: too slow for campaigns of a
 * million. Text made only of GSM-7 characters, or of BMP characters without combining marks, has
 * parts that follow from its length; everything else goes through the library. segments.test.ts
 * checks the fast paths agree with the library.
 */
function measureFast(text: string): SmsShape | undefined {
  const septets = countSeptets(text);
  if (septets !== undefined) {
    // An extension character is never split from its escape, so a part may hold one septet less.
    const segments = septets <= GSM_SINGLE || septets === text.length ? partsFor(septets, GSM_SINGLE, GSM_PART) : undefined;
    if (segments === undefined) return undefined;
    return { encoding: 'GSM-7', segments, characters: septets, nonGsmCharacters: [] };
  }
  if (!SIMPLE_UCS2.test(text) || COMBINING_MARK.test(text)) return undefined;
  return {
    encoding: 'UCS-2',
    segments: partsFor(text.length, UCS2_SINGLE, UCS2_PART),
    characters: text.length,
    nonGsmCharacters: uniqueNonGsm(text),
  };
}

function uniqueNonGsm(characters: Iterable<string>): string[] {
  const found = new Set<string>();
  for (const c of characters) if (!SEPTETS.has(c)) found.add(c);
  return [...found];
}

function measureWithLibrary(text: string): SmsShape {
  const message = new SegmentedMessage(text);
  const encoding: SmsEncoding = message.encodingName === 'UCS-2' ? 'UCS-2' : 'GSM-7';
  return {
    encoding,
    segments: text.length === 0 ? 0 : message.segmentsCount,
    characters: message.numberOfCharacters,
    nonGsmCharacters: encoding === 'UCS-2' ? uniqueNonGsm(message.getNonGsmCharacters()) : [],
  };
}

/** Encoding and segment count of one message text: what it will cost and how it will travel. */
export function measureSms(text: string): SmsShape {
  return measureFast(text) ?? measureWithLibrary(text);
}
