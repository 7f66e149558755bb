/**
 * Quiet hours as text ('21:00-09:00' in cafe time, or 'off') and as minutes. QUIET_HOURS, the
 * dashboard's setting and its time pickers all read and write them here, so one window is accepted
 * or refused the same way everywhere.
 */
export interface QuietHours {
  /** Minutes after local midnight when quiet hours begin, e.g. 21:00 → 1260. */
  startMinute: number;
  /** Minutes after local midnight when quiet hours end, e.g. 09:00 → 540. */
  endMinute: number;
}

/**
 * Why a text is not quiet hours. A window that starts where it ends is refused rather than read as
 * none: zero length is almost always a slip of the finger, and 'off' already says none.
 */
export type QuietHoursTextProblem = 'not-a-range' | 'starts-where-it-ends';

/** What a quiet-hours text says: a window, null for off, or why it says neither. */
export type QuietHoursReading = { ok: true; quietHours: QuietHours | null } | { ok: false; problem: QuietHoursTextProblem };

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;
const OFF = 'off';

/** '21:30' → 1290; undefined for anything that is not a 24-hour HH:MM. */
export function parseClock(text: string): number | undefined {
  const match = CLOCK.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** 1290 → '21:30'. */
export function formatClock(minuteOfDay: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

/** Reads '21:00-09:00' (24-hour clock, spaces allowed around the parts) or 'off' (any case). */
export function parseQuietHours(text: string): QuietHoursReading {
  if (text.trim().toLowerCase() === OFF) return { ok: true, quietHours: null };
  const [start, end, ...rest] = text.split('-').map(parseClock);
  if (start === undefined || end === undefined || rest.length > 0) return { ok: false, problem: 'not-a-range' };
  if (start === end) return { ok: false, problem: 'starts-where-it-ends' };
  return { ok: true, quietHours: { startMinute: start, endMinute: end } };
}

/** '21:00-09:00', or 'off': the form parseQuietHours reads back. */
export function formatQuietHours(quietHours: QuietHours | null): string {
  if (quietHours === null) return OFF;
  return `${formatClock(quietHours.startMinute)}-${formatClock(quietHours.endMinute)}`;
}
