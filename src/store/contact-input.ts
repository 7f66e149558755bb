import { CafeError } from '../errors/index.js';

/** What a caller knows about a contact it wants created or updated. */
export interface ContactInput {
  /** Already normalised (normalizePhone): 923001234567. */
  phone: string;
  /** Empty or absent leaves the stored name as it is. */
  name?: string | null;
  /** Custom fields to set; an empty value leaves the stored one, null removes it. */
  fields?: Readonly<Record<string, string | null>>;
  /** Added to the contact's tags (never removes any). */
  tags?: readonly string[];
}

const NORMALISED_PHONE = /^\d{8,15}$/;

export function assertNormalisedPhone(phone: string): void {
  if (!NORMALISED_PHONE.test(phone)) {
    throw new CafeError('invalid_input', `"${phone}" is not a normalised phone number: pass it through normalizePhone first`, {
      input: phone,
    });
  }
}

/** Tags are compared lower-cased with single inner spaces; empty ones are dropped. */
export function normalizeTag(tag: string): string {
  return tag.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function normalizeTags(tags: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const tag of tags) {
    const normalized = normalizeTag(tag);
    if (normalized !== '') out.add(normalized);
  }
  return [...out];
}

export function cleanName(name: string | null | undefined): string | null {
  const trimmed = name?.trim().replace(/\s+/g, ' ');
  return trimmed ? trimmed : null;
}

/** Two inputs for the same phone become one: the later non-empty values win, tags are unioned. */
export function mergeContactInputs(earlier: ContactInput, later: ContactInput): ContactInput {
  const fields = Object.assign(Object.create(null) as Record<string, string | null>, earlier.fields);
  for (const [key, value] of Object.entries(later.fields ?? {})) {
    if (value === null || value.trim() !== '') fields[key] = value;
  }
  return {
    phone: later.phone,
    name: cleanName(later.name) ?? cleanName(earlier.name),
    fields,
    tags: normalizeTags([...(earlier.tags ?? []), ...(later.tags ?? [])]),
  };
}

/** Folds inputs with the same phone together, keeping first-seen order. */
export function mergeByPhone(inputs: Iterable<ContactInput>): Map<string, ContactInput> {
  const byPhone = new Map<string, ContactInput>();
  for (const input of inputs) {
    const seen = byPhone.get(input.phone);
    byPhone.set(input.phone, seen ? mergeContactInputs(seen, input) : input);
  }
  return byPhone;
}
