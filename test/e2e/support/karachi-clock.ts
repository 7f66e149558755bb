/** Karachi is UTC+5 all year (no daylight saving). */
const KARACHI_OFFSET_MS = 5 * 3_600_000;

/**
 * Quiet hours from two hours before to two hours after now (Karachi), e.g. `17:00-21:00`: a server
 * started with them is in quiet time for the whole of a test run, whatever the hour.
 */
export function quietHoursAroundNow(): string {
  const karachiHour = new Date(Date.now() + KARACHI_OFFSET_MS).getUTCHours();
  const hour = (offset: number) => `${String((karachiHour + offset + 24) % 24).padStart(2, '0')}:00`;
  return `${hour(-2)}-${hour(2)}`;
}

/** `YYYY-MM-DDTHH:mm` (Karachi) an hour from now: inside the quiet hours above. */
export function karachiLocalInAnHour(): string {
  return new Date(Date.now() + KARACHI_OFFSET_MS + 3_600_000).toISOString().slice(0, 16);
}
