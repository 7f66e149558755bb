// The template's own module, not the folder's index (which loads the SMS segment counter): `contacts` commands load this.
import { BUILT_IN_TEMPLATE_FIELDS } from '../sms/template.js';

/**
 * Names a custom field may not take: the template's own fields and the export's columns. A field
 * called "phone" or "tags" would be written as a second column of that name, and the export would
 * no longer import back as it was.
 */
export const RESERVED_FIELD_KEYS: ReadonlySet<string> = new Set([...BUILT_IN_TEMPLATE_FIELDS, 'tags', 'opted_out', 'opted_out_at']);

/**
 * Names JavaScript objects carry already (`constructor`, `__proto__`…). Fields are kept in maps
 * without a prototype, so such a name can no longer resolve to JavaScript's own functions, but a
 * field of that name is still refused: other tools that read the export (spreadsheets' scripts,
 * older versions of this one) look fields up on plain objects.
 */
const OBJECT_KEYS: ReadonlySet<string> = new Set(
  ['prototype', ...Object.getOwnPropertyNames(Object.prototype)].map((key) => key.toLowerCase()),
);

/** Longest custom field name; the JSON API has always held field names to this. */
export const FIELD_KEY_MAX_LENGTH = 40;

export function isReservedFieldKey(key: string): boolean {
  return RESERVED_FIELD_KEYS.has(key);
}

/** A field name that would clash with JavaScript's own object keys. */
export function isObjectKey(key: string): boolean {
  return OBJECT_KEYS.has(key.toLowerCase());
}

/** A custom field key as templates use it: "Favourite Drink" → favourite_drink. */
export function toFieldKey(header: string): string {
  return header
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}
