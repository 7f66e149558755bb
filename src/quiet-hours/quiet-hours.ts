import { DAY_MS, localMinuteOfDay, localMsOfDay } from './local-time.js';
import type { QuietHours } from './window.js';

/**
 * True when promotional SMS must wait: the cafe's local time lies in [start, end). A window whose
 * start is after its end wraps past midnight (21:00–09:00). Equal start and end, which parseQuietHours
 * refuses, is an empty window here; null means quiet hours are off.
 */
export function isQuietTime(date: Date, quietHours: QuietHours | null): boolean {
  if (quietHours === null) return false;
  const { startMinute, endMinute } = quietHours;
  const minute = localMinuteOfDay(date);
  if (startMinute === endMinute) return false;
  if (startMinute < endMinute) return minute >= startMinute && minute < endMinute;
  return minute >= startMinute || minute < endMinute;
}

/**
 * When the quiet hours that hold `date` end; `date` itself when it is not quiet time, so a caller can
 * always wait until the answer.
 */
export function quietHoursEnd(date: Date, quietHours: QuietHours | null): Date {
  if (quietHours === null || !isQuietTime(date, quietHours)) return date;
  const untilEnd = (((quietHours.endMinute * 60_000 - localMsOfDay(date)) % DAY_MS) + DAY_MS) % DAY_MS;
  return new Date(date.getTime() + untilEnd);
}

/**
 * Until when promotional messages due at `due` wait for quiet hours; null when they need not wait.
 * The outbox, the campaigns' API and the dashboard's warnings all answer with this one rule.
 */
export function quietHoursWaitEnd(due: Date, quietHours: QuietHours | null): Date | null {
  return isQuietTime(due, quietHours) ? quietHoursEnd(due, quietHours) : null;
}
