/**
 * Whether a message of type `image` reads as what the gateway sends: one http(s) URL of the picture
 * (surrounding spaces aside; a space inside means it is text, not a link).
 */
export function isImageUrl(text: string): boolean {
  const trimmed = text.trim();
  if (/\s/.test(trimmed)) return false;
  try {
    const url = new URL(trimmed);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
