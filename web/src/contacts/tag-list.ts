/** "VIP, regulars ,  vip" → ['vip', 'regulars']: the same normalisation the server applies to tags. */
export function parseTagList(text: string): string[] {
  const tags = text
    .split(/[,\s]+/)
    .map((tag) => tag.trim().replace(/^#/, '').toLowerCase())
    .filter((tag) => tag !== '');
  return [...new Set(tags)];
}
