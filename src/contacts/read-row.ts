import { cleanName, normalizeTags, type ContactInput } from '../store/index.js';
import { normalizePhone } from '../sms/index.js';
import { isCafeError } from '../errors/index.js';
import type { ColumnPlan } from './column-plan.js';
import { contactProblems } from './contact-rules.js';
import { readOptOutTime } from './opt-out-time.js';
import { unguardFormula } from '../spreadsheet/index.js';

export type RowOutcome =
  /** `optOut`: the row says the customer opted out (since when, if it says); null: it does not say so. */
  { ok: true; contact: ContactInput; optOut: RowOptOut | null } | { ok: false; reason: string; input?: string };

export interface RowOptOut {
  since: Date | null;
}

const YES = new Set(['yes', 'y', 'true', '1', 'opted out', 'unsubscribed', 'stop']);
const NO = new Set(['no', 'n', 'false', '0', 'subscribed']);

const TAG_SEPARATORS = /[;,]/;

/**
 * What Node's UTF-8 decoding reads bytes that are not UTF-8 as. csv-parse decodes whole fields, never
 * a chunk cut mid-character, so it appears only where the file itself is not UTF-8: Excel's
 * "CSV (Comma delimited)" writes Windows-1252 or -1256.
 */
const UNDECODABLE = '\uFFFD';

const NOT_UTF8 =
  'the file is not UTF-8 text (this row has bytes that are not UTF-8, read as "\uFFFD"): ' +
  'save it in Excel as "CSV UTF-8 (Comma delimited)", or re-encode it as UTF-8';

/** Turns one data row into a contact, or says why it cannot be one. */
export function readRow(plan: ColumnPlan, values: readonly string[], defaultCountry: string, extraTags: readonly string[]): RowOutcome {
  // Mangled names must not be stored: rather the row refused, so the file is saved again properly.
  const undecodable = values.find((value) => value.includes(UNDECODABLE));
  if (undecodable !== undefined) return { ok: false, reason: NOT_UTF8, input: undecodable.trim() };
  if (values.length !== plan.roles.length) {
    return {
      ok: false,
      reason: `wrong column count: the header has ${plan.roles.length} columns, this row has ${values.length}`,
    };
  }
  let phoneText = '';
  let name = '';
  let firstName = '';
  let lastName = '';
  const tags: string[] = [...extraTags];
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  let optedOutText = '';
  let optedOutAtText = '';
  plan.roles.forEach((role, index) => {
    const value = unguardFormula((values[index] ?? '').trim());
    if (value === '') return;
    switch (role.kind) {
      case 'phone':
        phoneText = value;
        break;
      case 'name':
        name = value;
        break;
      case 'first_name':
        firstName = value;
        break;
      case 'last_name':
        lastName = value;
        break;
      case 'tags':
        tags.push(...value.split(TAG_SEPARATORS));
        break;
      case 'field':
        fields[role.key] = value;
        break;
      case 'opted_out':
        optedOutText = value;
        break;
      case 'opted_out_at':
        optedOutAtText = value;
        break;
    }
  });
  if (phoneText === '') return { ok: false, reason: 'missing phone: the phone column is empty' };
  let phone: string;
  try {
    phone = normalizePhone(phoneText, defaultCountry);
  } catch (error) {
    if (!isCafeError(error)) throw error;
    return { ok: false, reason: error.message, input: phoneText };
  }
  const optOut = readOptOut(optedOutText, optedOutAtText);
  if (!optOut.ok) return optOut;
  const contact = { phone, name: cleanName(name) ?? cleanName(`${firstName} ${lastName}`), fields, tags: normalizeTags(tags) };
  const [problem] = contactProblems(contact);
  if (problem !== undefined) {
    return { ok: false, reason: problem.message, ...(problem.input === undefined ? {} : { input: problem.input }) };
  }
  return { ok: true, contact, optOut: optOut.value };
}

/**
 * "yes" (or a date alone) means the customer opted out; "no" or nothing says nothing — an import
 * never opts anyone back in, only the customer (START) or staff (`contacts optin`) can.
 */
function readOptOut(flag: string, since: string): { ok: true; value: RowOptOut | null } | { ok: false; reason: string; input: string } {
  const lower = flag.toLowerCase();
  if (lower !== '' && !YES.has(lower) && !NO.has(lower)) {
    return { ok: false, reason: 'opted_out must be yes or no', input: flag };
  }
  if (NO.has(lower) || (lower === '' && since === '')) return { ok: true, value: null };
  if (since === '') return { ok: true, value: { since: null } };
  const read = readOptOutTime(since);
  if (!read.ok) return { ok: false, reason: read.reason, input: since };
  return { ok: true, value: { since: read.at } };
}

/** Spreadsheets leave rows of empty cells (",,,") at the end; they are not contacts, nor errors. */
export function isBlankRow(values: readonly string[]): boolean {
  return values.every((value) => value.trim() === '');
}
