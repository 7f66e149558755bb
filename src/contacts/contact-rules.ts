import { CafeError } from '../errors/index.js';
import { FIELD_KEY_MAX_LENGTH, isObjectKey, isReservedFieldKey, toFieldKey } from './field-keys.js';

/**
 * What one contact may hold. The one rule for every way a contact comes in (a CSV import, the JSON
 * API, the CLI, the dashboard): no path stores what another refuses. The limits keep a message
 * built from a contact within a few SMS, and keep one contact from filling the server's memory.
 */
export const CONTACT_LIMITS = Object.freeze({
  nameLength: 100,
  fieldValueLength: 500,
  fieldKeyLength: FIELD_KEY_MAX_LENGTH,
  fields: 50,
  tags: 50,
  tagLength: 50,
});

/** Which part of a contact a problem is about: `fields.<key>` for one custom field. */
export type ContactPart = 'name' | 'tags' | 'fields' | `fields.${string}`;

export interface ContactProblem {
  readonly part: ContactPart;
  /** A whole sentence in plain words: "The name is 150 characters long: a name may be at most 100". */
  readonly message: string;
  /** The refused value, cut to a readable length. */
  readonly input?: string;
}

/** What a caller offers of a contact, before normalising (tags as typed, fields by key). */
export interface ContactDraft {
  name?: string | null;
  tags?: readonly string[];
  fields?: Readonly<Record<string, string | null>>;
}

/**
 * Field names already checked: an import of 100,000 rows asks about the same few names on every
 * row, and the check's Unicode regular expressions were a tenth of the import's time. Bounded, as
 * names may come from anyone.
 */
const checkedKeys = new Map<string, string | undefined>();
const CHECKED_KEYS_KEPT = 1000;

/** Why a custom field name cannot be used, or undefined when it can. */
export function fieldKeyProblem(key: string): string | undefined {
  if (checkedKeys.has(key)) return checkedKeys.get(key);
  const problem = keyProblem(key);
  if (checkedKeys.size >= CHECKED_KEYS_KEPT) checkedKeys.clear();
  checkedKeys.set(key, problem);
  return problem;
}

function keyProblem(key: string): string | undefined {
  if (key === '' || toFieldKey(key) !== key) {
    return `"${shown(key)}" is not a field name: use lower-case letters, digits and _, e.g. favourite_drink`;
  }
  if (key.length > FIELD_KEY_MAX_LENGTH)
    return `"${shown(key)}" is longer than ${FIELD_KEY_MAX_LENGTH} characters: use a shorter field name`;
  if (isReservedFieldKey(key)) return `"${key}" is not a custom field: set it as the phone, name or tags`;
  if (isObjectKey(key)) return `"${key}" cannot be a field name (the name is reserved): call it something else, e.g. ${key}_1`;
  return undefined;
}

/** Every problem of a draft contact; empty when it may be stored. */
export function contactProblems(draft: ContactDraft): ContactProblem[] {
  return [...nameProblems(draft.name), ...tagProblems(draft.tags ?? []), ...fieldProblems(draft.fields ?? {})];
}

/** Throws the first problem as an invalid_input error naming the part (`field`). */
export function assertValidContact(draft: ContactDraft): void {
  const [problem] = contactProblems(draft);
  if (problem !== undefined) throw contactProblemError(problem);
}

export function contactProblemError(problem: ContactProblem): CafeError {
  return new CafeError('invalid_input', problem.message, {
    field: problem.part,
    ...(problem.input === undefined ? {} : { input: problem.input }),
  });
}

function nameProblems(name: string | null | undefined): ContactProblem[] {
  if (name === null || name === undefined) return [];
  const length = name.trim().length;
  if (length <= CONTACT_LIMITS.nameLength) return [];
  return [
    {
      part: 'name',
      message: `The name is ${length} characters long: a name may be at most ${CONTACT_LIMITS.nameLength}`,
      input: shown(name),
    },
  ];
}

function tagProblems(tags: readonly string[]): ContactProblem[] {
  const problems: ContactProblem[] = [];
  if (tags.length > CONTACT_LIMITS.tags) {
    problems.push({ part: 'tags', message: `${tags.length} tags given: a contact may have at most ${CONTACT_LIMITS.tags}` });
  }
  const long = tags.find((tag) => tag.trim().length > CONTACT_LIMITS.tagLength);
  if (long !== undefined) {
    problems.push({
      part: 'tags',
      message: `The tag "${shown(long)}" is too long: a tag may be at most ${CONTACT_LIMITS.tagLength} characters`,
      input: shown(long),
    });
  }
  return problems;
}

function fieldProblems(fields: Readonly<Record<string, string | null>>): ContactProblem[] {
  const keys = Object.keys(fields);
  const problems: ContactProblem[] = [];
  if (keys.length > CONTACT_LIMITS.fields) {
    problems.push({ part: 'fields', message: `${keys.length} custom fields given: a contact may have at most ${CONTACT_LIMITS.fields}` });
  }
  for (const key of keys) {
    const keyProblem = fieldKeyProblem(key);
    if (keyProblem !== undefined) {
      problems.push({ part: `fields.${key}`, message: keyProblem, input: shown(key) });
      continue;
    }
    const value = fields[key];
    if (typeof value === 'string' && value.trim().length > CONTACT_LIMITS.fieldValueLength) {
      const length = value.trim().length;
      problems.push({
        part: `fields.${key}`,
        message: `The field ${key} is ${length} characters long: a field may hold at most ${CONTACT_LIMITS.fieldValueLength}`,
        input: shown(value),
      });
    }
  }
  return problems;
}

/** A refused value as an error shows it: a 5 MB name must not travel on into answers and logs. */
function shown(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
