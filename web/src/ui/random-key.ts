/** An Idempotency-Key: getRandomValues works on plain http too (a phone on the cafe's LAN), unlike crypto.randomUUID. */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
