import { BUILT_IN_TEMPLATE_FIELDS } from '../sms/index.js';

/**
 * Names a custom field may not take: the template's own fields and the export's columns. A field
 * called "phone" or "tags" would be written as a second column of that name, and the export would
 * no longer import back as it was.
 */
export const RESERVED_FIELD_KEYS: ReadonlySet<string> = new Set([...BUILT_IN_TEMPLATE_FIELDS, 'tags', 'opted_out', 'opted_out_at']);

export function isReservedFieldKey(key: string): boolean {
  return RESERVED_FIELD_KEYS.has(key);
}
