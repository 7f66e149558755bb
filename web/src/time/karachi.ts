/**
 * The cafe works in Asia/Karachi. Pakistan keeps UTC+05:00 all year (no daylight saving), so turning a
 * local wall-clock time into an instant needs only the fixed offset; display still goes through Intl so
 * the browser's own time zone never leaks in.
 */
import { CAFE_TIME_ZONE } from '../../../src/quiet-hours/time-zone.js';

export { CAFE_TIME_ZONE };

const OFFSET = '+05:00';
const OFFSET_MS = 5 * 60 * 60 * 1000;

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2026-11-26T10:00` read in Karachi → ISO UTC; null when the text is not a valid datetime-local value. */
export function karachiLocalToIso(local: string): string | null {
  const match = LOCAL_DATE_TIME.exec(local.trim());
  if (!match) return null;
  const seconds = match[6] ?? '00';
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${seconds}${OFFSET}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** ISO instant → `YYYY-MM-DDTHH:mm` in Karachi, the value a datetime-local input takes. */
export function isoToKarachiLocal(iso: string): string {
  const shifted = new Date(new Date(iso).getTime() + OFFSET_MS);
  return shifted.toISOString().slice(0, 16);
}

/** The first instant of a Karachi calendar day (`2026-11-26`) as ISO; null when not a date. */
export function karachiDayStartIso(day: string): string | null {
  return LOCAL_DATE.test(day.trim()) ? karachiLocalToIso(`${day.trim()}T00:00`) : null;
}

/** The last millisecond of a Karachi calendar day as ISO, so a "to" filter includes that whole day. */
export function karachiDayEndIso(day: string): string | null {
  const start = karachiDayStartIso(day);
  return start === null ? null : new Date(new Date(start).getTime() + 24 * 60 * 60 * 1000 - 1).toISOString();
}

const DATE_TIME_FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: CAFE_TIME_ZONE,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `26 Nov 2026, 10:00` in Karachi; an em dash for no time. */
export function formatKarachi(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE_TIME_FORMAT.format(date);
}
