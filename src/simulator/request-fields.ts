/**
 * Reading loosely typed JSON bodies the way Laravel's validator does: missing, null and blank
 * strings all count as "not given".
 */

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Laravel writes a field name with spaces in its messages: sender_id → "sender id". */
export function fieldLabel(field: string): string {
  return field.replaceAll('_', ' ');
}

export const VALIDATION = {
  required: (field: string) => `The ${fieldLabel(field)} field is required.`,
  string: (field: string) => `The ${fieldLabel(field)} must be a string.`,
  integer: (field: string) => `The ${fieldLabel(field)} must be an integer.`,
  atLeast: (field: string, min: number) => `The ${fieldLabel(field)} must be at least ${min}.`,
  bulkNotArray: 'The request body must be a JSON array of message objects.',
  bulkTooMany: 'Maximum 50 objects are allowed per request.',
  tooManyRecipients: 'Maximum 100 recipients are allowed per request.',
} as const;
