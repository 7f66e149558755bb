/** A time written with its zone ("…Z", "…+05:00"): only such a time can be compared with ours. */
const ZONED = /(?:z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * Milliseconds since the epoch of a gateway `created_at`, or undefined when it carries no zone
 * ("2024-05-01 10:00:00" could be UTC or Karachi time) or does not parse.
 */
export function parseZonedTime(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!ZONED.test(trimmed) || !/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const ms = Date.parse(trimmed.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}
