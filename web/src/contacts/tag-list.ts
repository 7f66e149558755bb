/**
 * Tags as the import splits them (src/contacts/read-row.ts TAG_SEPARATORS): on commas and semicolons
 * only, so "walk ins" stays one tag.
 */
const TAG_SEPARATORS = /[;,]/;

/** "VIP, walk  ins ; #vip" → ['vip', 'walk ins']: the same normalisation the server applies to tags. */
export function parseTagList(text: string): string[] {
  const tags = text
    .split(TAG_SEPARATORS)
    .map((tag) => tag.trim().replace(/^#\s*/, '').replace(/\s+/g, ' ').toLowerCase())
    .filter((tag) => tag !== '');
  return [...new Set(tags)];
}
