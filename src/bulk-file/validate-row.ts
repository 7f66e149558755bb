import type { MessageType, OutgoingSms } from '../gateway/types.js';
import { isImageUrl, normalizePhone } from '../sms/index.js';
import { CafeError } from '../errors/index.js';

export const MESSAGE_TYPES: readonly MessageType[] = ['text', 'image'];

/** Where each known column sits in a record, by index. `type` is optional. */
export interface ColumnIndexes {
  phone: number;
  message: number;
  type: number | undefined;
  /** How many fields the header has: every row must have as many. */
  width: number;
}

export type RowCheck = { ok: true; sms: OutgoingSms } | { ok: false; phone: string; reason: string };

/**
 * What Node's UTF-8 decoding reads bytes that are not UTF-8 as. The readers decode whole lines or
 * fields, never a chunk cut mid-character, so it appears only where the file itself is not UTF-8:
 * Excel's "CSV (Comma delimited)" writes Windows-1252 or -1256.
 */
const UNDECODABLE = '\uFFFD';

const NOT_UTF8_REASON =
  'the file is not UTF-8 text (this row has bytes that are not UTF-8, read as "\uFFFD"): ' +
  'save it in Excel as "CSV UTF-8 (Comma delimited)", or re-encode it as UTF-8';

/** Whether any field holds text that could not be decoded; such a row must not be sent mangled. */
function hasUndecodableText(record: readonly string[]): boolean {
  return record.some((field) => field.includes(UNDECODABLE));
}

/** Reads `text`/`image` as people write it (any case, stray spaces); blank means text. */
export function parseMessageType(value: string | undefined): MessageType | undefined {
  const type = (value ?? '').trim().toLowerCase();
  if (type === '') return 'text';
  return (MESSAGE_TYPES as readonly string[]).includes(type) ? (type as MessageType) : undefined;
}

/**
 * What is wrong with a message for its type, or undefined when nothing is. The gateway sends an image
 * message as a link to the picture, so an image message must be one http(s) URL.
 */
export function messageProblem(message: string, type: MessageType): string | undefined {
  if (message.trim() === '') return 'the message is empty';
  if (type === 'image' && !isImageUrl(message)) {
    return `an image message must be the picture's http(s) URL, got "${shorten(message)}"`;
  }
  return undefined;
}

/** Throws CafeError invalid_input when the message does not suit its type (for single sends). */
export function checkMessage(message: string, type: MessageType): void {
  const problem = messageProblem(message, type);
  if (problem !== undefined) {
    throw new CafeError('invalid_input', `Cannot send: ${problem}.`, { input: message });
  }
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}...` : oneLine;
}

export type PhoneCheck = { to: string } | { reason: string };

/** Normalises a phone as written, answering the reason instead of throwing. */
export function checkPhone(raw: string, country: string): PhoneCheck {
  try {
    return { to: normalizePhone(raw, country) };
  } catch (error) {
    return { reason: error instanceof CafeError ? error.message : `"${raw}" is not a valid phone number` };
  }
}

/**
 * Checks one data record of a bulk file; never throws, so every row of a file can be checked.
 * `phoneOf` normalises the phone field (checkPhone, or a cache in front of it).
 */
export function checkRow(record: readonly string[], columns: ColumnIndexes, phoneOf: (raw: string) => PhoneCheck): RowCheck {
  const rawPhone = (record[columns.phone] ?? '').trim();
  if (hasUndecodableText(record)) return { ok: false, phone: rawPhone, reason: NOT_UTF8_REASON };
  if (record.length !== columns.width) {
    return {
      ok: false,
      phone: rawPhone,
      reason:
        `has ${record.length} field${record.length === 1 ? '' : 's'} but the header has ${columns.width} ` +
        '(quote a message that contains commas)',
    };
  }
  const rawType = columns.type === undefined ? undefined : record[columns.type];
  const type = parseMessageType(rawType);
  if (type === undefined) {
    return { ok: false, phone: rawPhone, reason: `type "${(rawType ?? '').trim()}" is not text or image` };
  }
  const phone = phoneOf(rawPhone);
  if ('reason' in phone) return { ok: false, phone: rawPhone, reason: phone.reason };
  const message = (record[columns.message] ?? '').trim();
  const problem = messageProblem(message, type);
  if (problem !== undefined) return { ok: false, phone: rawPhone, reason: problem };
  return { ok: true, sms: { to: phone.to, message, type } };
}
