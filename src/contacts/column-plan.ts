import { CafeError } from '../errors/index.js';
import { FIELD_KEY_MAX_LENGTH, isObjectKey, RESERVED_FIELD_KEYS, toFieldKey } from './field-keys.js';

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
    'phone',
    'mobile',
    'number',
    'cell',
    'cell phone',
    'mobile number',
    'phone number',
    'contact',
    'mobile no',
    'phone no',
    'cell number',
    'cell no',
    'contact number',
    'contact no',
    'whatsapp',
    'whatsapp number',
    'telephone',
    'tel',
    'msisdn',
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

/**
 * Most columns a contacts file may have. A contact holds at most 50 custom fields, but a CRM's
 * export carries many columns that are empty or not wanted, so the cap is well above what a real
 * file needs; it is there so that a header of thousands of columns (20 KB of "x,x,x…") is refused
 * at once instead of making every row that follows as wide to read and check.
 */
export const MAX_COLUMNS = 500;

/**
 * Decides what each column holds. The first column of each known kind takes that role; a repeat
 * (a second "Mobile") and every other column become custom fields with unique snake_case keys.
 * A file without a phone column, or with more than MAX_COLUMNS, is refused, saying why.
 */
export function planColumns(headers: readonly string[]): ColumnPlan {
  if (headers.length > MAX_COLUMNS) throw tooManyColumns(headers.length);
  const taken = new Set<string>();
  const keys = createFieldKeys(RESERVED_FIELD_KEYS);
  const roles = headers.map((header, index): ColumnRole => {
    const role = ROLE_BY_HEADER.get(comparable(header));
    if (role !== undefined && !taken.has(role)) {
      taken.add(role);
      return { kind: role };
    }
    return { kind: 'field', key: keys.unique(fieldKeyFor(header, index)) };
  });
  if (!taken.has('phone')) throw noPhoneColumn(headers);
  return { headers, roles };
}

/**
 * The custom field a column fills: its header as a field key, cut short when longer than a key may be.
 * A header such as "constructor" refuses the file, as the JSON API and the CLI refuse such a field.
 */
function fieldKeyFor(header: string, index: number): string {
  const whole = toFieldKey(header) || `column_${index + 1}`;
  // Room is left for the _2, _3 a repeated header gets.
  const key = whole.length > FIELD_KEY_MAX_LENGTH ? whole.slice(0, FIELD_KEY_MAX_LENGTH - 4).replace(/_+$/, '') : whole;
  if (isObjectKey(key)) {
    throw new CafeError(
      'invalid_input',
      `The column "${header}" cannot be a contact field (the name is reserved): ` +
        `rename the column, e.g. to ${key}_1, and import the file again`,
      { input: header, details: { column: index + 1 } },
    );
  }
  return key;
}

interface FieldKeys {
  /** `base`, or `base_2`, `base_3`… the first one not given out yet. */
  unique(base: string): string;
}

/**
 * Keys given out so far, and for each base the next suffix to try: a header of the same name
 * repeated n times costs n steps, not n² (it used to count up from _2 for every repeat).
 */
function createFieldKeys(reserved: Iterable<string>): FieldKeys {
  const used = new Set<string>(reserved);
  const nextSuffix = new Map<string, number>();
  return {
    unique(base) {
      let key = base;
      let n = nextSuffix.get(base) ?? 2;
      while (used.has(key)) key = `${base}_${n++}`;
      nextSuffix.set(base, n);
      used.add(key);
      return key;
    },
  };
}

function tooManyColumns(count: number): CafeError {
  return new CafeError(
    'invalid_input',
    `The file's header row has ${count.toLocaleString('en-US')} columns; a contacts file may have at most ${MAX_COLUMNS}. ` +
      'Delete the columns you do not need (or check that the first line is the header row) and import it again',
    { details: { columns: count, maxColumns: MAX_COLUMNS } },
  );
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
