import { cleanName, normalizeTags, type ContactInput } from '../store/index.js';
import { normalizePhone } from '../sms/index.js';
import { isCafeError } from '../errors/index.js';
import type { ColumnPlan } from './column-plan.js';

export type RowOutcome = { ok: true; contact: ContactInput } | { ok: false; reason: string; input?: string };

const TAG_SEPARATORS = /[;,]/;

/** Turns one data row into a contact, or says why it cannot be one. */
export function readRow(plan: ColumnPlan, values: readonly string[], defaultCountry: string, extraTags: readonly string[]): RowOutcome {
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
  const fields: Record<string, string> = {};
  plan.roles.forEach((role, index) => {
    const value = (values[index] ?? '').trim();
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
      case 'ignored':
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
  return {
    ok: true,
    contact: { phone, name: cleanName(name) ?? cleanName(`${firstName} ${lastName}`), fields, tags: normalizeTags(tags) },
  };
}

/** Spreadsheets leave rows of empty cells (",,,") at the end; they are not contacts, nor errors. */
export function isBlankRow(values: readonly string[]): boolean {
  return values.every((value) => value.trim() === '');
}
