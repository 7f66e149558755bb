import { CafeError } from '../errors/index.js';
import { RESERVED_FIELD_KEYS } from './field-keys.js';

/** What a CSV column holds. */
export type ColumnRole =
  | { kind: 'phone' }
  | { kind: 'name' }
  | { kind: 'first_name' }
  | { kind: 'last_name' }
  | { kind: 'tags' }
  /** yes/no: an import opts a contact out, never back in. */
  | { kind: 'opted_out' }
  /** Since when (ISO 8601), as our export writes it. */
  | { kind: 'opted_out_at' }
  | { kind: 'field'; key: string };

export interface ColumnPlan {
  readonly headers: readonly string[];
  readonly roles: readonly ColumnRole[];
}

type KnownRole = Exclude<ColumnRole['kind'], 'field'>;

/** Header names as spreadsheets write them, compared after `comparable()`. */
const ALIASES: Readonly<Record<KnownRole, readonly string[]>> = {
  phone: [
    'phone', 'mobile', 'number', 'cell', 'cell phone', 'mobile number', 'phone number', 'contact',
    'mobile no', 'phone no', 'cell number', 'cell no', 'contact number', 'contact no', 'whatsapp', 'whatsapp number',
    'telephone', 'tel', 'msisdn',
  ],
  name: ['name', 'full name', 'customer', 'customer name', 'contact name'],
  first_name: ['first name', 'firstname', 'given name'],
  last_name: ['last name', 'lastname', 'surname', 'family name'],
  tags: ['tags', 'tag', 'labels', 'label'],
  opted_out: ['opted out', 'optout', 'opt out', 'unsubscribed'],
  opted_out_at: ['opted out at', 'opt out at', 'optout at', 'unsubscribed at'],
};

const ROLE_BY_HEADER: ReadonlyMap<string, KnownRole> = new Map(
  Object.entries(ALIASES).flatMap(([role, names]) => names.map((name) => [name, role as KnownRole] as const)),
);

/** "Mobile_Number", " mobile-number ", "MOBILE NUMBER:" all read as "mobile number". */
function comparable(header: string): string {
  return header
    .toLowerCase()
    .replace(/[_\-.:#]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A custom field key as templates use it: "Favourite Drink" → favourite_drink. */
export function toFieldKey(header: string): string {
  return header
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * Decides what each column holds. The first column of each known kind takes that role; a repeat
 * (a second "Mobile") and every other column become custom fields with unique snake_case keys.
 * A file without a phone column is refused, naming the headers it has.
 */
export function planColumns(headers: readonly string[]): ColumnPlan {
  const taken = new Set<string>();
  const keys = new Set<string>(RESERVED_FIELD_KEYS);
  const roles = headers.map((header, index): ColumnRole => {
    const role = ROLE_BY_HEADER.get(comparable(header));
    if (role !== undefined && !taken.has(role)) {
      taken.add(role);
      return { kind: role };
    }
    return { kind: 'field', key: uniqueKey(toFieldKey(header) || `column_${index + 1}`, keys) };
  });
  if (!taken.has('phone')) throw noPhoneColumn(headers);
  return { headers, roles };
}

function uniqueKey(base: string, used: Set<string>): string {
  let key = base;
  for (let n = 2; used.has(key); n++) key = `${base}_${n}`;
  used.add(key);
  return key;
}

function noPhoneColumn(headers: readonly string[]): CafeError {
  const found = headers.map((h) => JSON.stringify(h)).join(', ');
  // Excel writes ";" between columns where the decimal mark is a comma: one column that holds them all.
  const semicolons = headers.length === 1 && (headers[0] ?? '').includes(';');
  return new CafeError(
    'invalid_input',
    `The file has no phone column: its header row reads ${found}. The first line must name the columns, with one ` +
      'called phone (or mobile, number, cell, contact), e.g. phone,name,tags' +
      (semicolons ? '. The columns are separated by ";": save the file as "CSV UTF-8 (comma delimited)" and import it again' : ''),
    { input: headers.join(','), details: { headers: [...headers] } },
  );
}
