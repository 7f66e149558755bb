import { CafeError } from '../errors/index.js';
import { CAFE_TIME_ZONE } from './time-zone.js';

/** Wall-clock fields of one instant in the cafe's time zone. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

// A formatter is costly to build (it loads the zone's ICU data: some 15 ms) and holds no state
// between calls, so one is shared, made on first use: the config reads quiet hours through this
// folder, and most commands never format a time.
let cafeFormatter: Intl.DateTimeFormat | undefined;

function formatter(): Intl.DateTimeFormat {
  return (cafeFormatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: CAFE_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }));
}

export function localParts(date: Date): LocalParts {
  if (Number.isNaN(date.getTime())) {
    throw new CafeError('invalid_input', 'Cannot read the local time of an invalid date');
  }
  const fields: Record<string, number> = {};
  for (const part of formatter().formatToParts(date)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 0,
    month: fields.month ?? 0,
    day: fields.day ?? 0,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
  };
}

/** Milliseconds the cafe's clock is ahead of UTC at that instant (+5 h all year in Pakistan). */
function zoneOffsetMs(date: Date): number {
  const p = localParts(date);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

/** Minutes since local midnight, e.g. 21:30 → 1290. */
export function localMinuteOfDay(date: Date): number {
  const p = localParts(date);
  return p.hour * 60 + p.minute;
}

/** Milliseconds since local midnight, seconds and milliseconds included. */
export function localMsOfDay(date: Date): number {
  const p = localParts(date);
  return ((p.hour * 60 + p.minute) * 60 + p.second) * 1000 + date.getUTCMilliseconds();
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Reads a wall-clock time of the cafe ('2026-11-26 10:00', seconds optional, 'T' allowed in place of
 * the space) as the instant it names in Asia/Karachi.
 */
export function parseLocalDateTime(input: string): Date {
  const text = input.trim();
  const match = LOCAL_DATE_TIME.exec(text);
  if (!match) {
    throw new CafeError(
      'invalid_input',
      `"${input}" is not a date and time: write it as YYYY-MM-DD HH:MM in cafe time (${CAFE_TIME_ZONE}), e.g. 2026-11-26 10:00`,
      { input },
    );
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map((v) => (v === undefined ? 0 : Number(v))) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(naive);
  const calendarOk = check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
  if (!calendarOk || hour > 23 || minute > 59 || second > 59) {
    throw new CafeError('invalid_input', `"${input}" is not a real date and time (check the day, month and clock)`, {
      input,
    });
  }
  // The offset at the naive guess is the offset at the answer in a zone without DST, which Pakistan is.
  return new Date(naive - zoneOffsetMs(new Date(naive)));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** '2026-11-26 10:00' in cafe time: the form parseLocalDateTime reads back. */
export function formatLocal(date: Date): string {
  const p = localParts(date);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}
