/**
 * SQLite allows at most 32,766 bound parameters per statement; multi-row statements are cut
 * into pieces that stay well below it.
 */
export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
