/**
 * When promotional messages due at an instant would wait for quiet hours, from the settings' text
 * (`21:00-09:00` Karachi, or `off`). The same rule as the server's src/quiet-hours: quiet in
 * [start, end), a start after the end wraps past midnight, equal start and end is no window.
 */
const RANGE = /^(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})$/;
const OFFSET_MS = 5 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The ISO instant the quiet hours holding `dueIso` end; null when it is not quiet time then. */
export function quietHoursWaitUntil(quietHours: string | null | undefined, dueIso: string): string | null {
  const match = RANGE.exec((quietHours ?? '').trim());
  if (!match) return null;
  const start = Number(match[1]) * 60 + Number(match[2]);
  const end = Number(match[3]) * 60 + Number(match[4]);
  const due = new Date(dueIso).getTime();
  if (Number.isNaN(due) || start === end) return null;
  const msOfDay = (((due + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  const minute = Math.floor(msOfDay / 60_000);
  const quiet = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!quiet) return null;
  const untilEnd = (((end * 60_000 - msOfDay) % DAY_MS) + DAY_MS) % DAY_MS;
  return new Date(due + untilEnd).toISOString();
}
