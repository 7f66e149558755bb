import { describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { formatLocal, isQuietTime, localMinuteOfDay, parseLocalDateTime, quietHoursEnd, quietHoursWaitEnd } from './index.js';

const NIGHT = { startMinute: 21 * 60, endMinute: 9 * 60 };
/** Karachi is UTC+5: '2026-11-26 21:00' local is 16:00Z. */
const karachi = (local: string) => parseLocalDateTime(local);

describe('parseLocalDateTime / formatLocal', () => {
  it('reads a wall-clock time as Asia/Karachi (UTC+5)', () => {
    expect(parseLocalDateTime('2026-11-26 10:00').toISOString()).toBe('2026-11-26T05:00:00.000Z');
    expect(parseLocalDateTime('2026-11-26T10:00:30').toISOString()).toBe('2026-11-26T05:00:30.000Z');
    expect(parseLocalDateTime(' 2026-01-01 02:30 ').toISOString()).toBe('2025-12-31T21:30:00.000Z');
  });

  it('formats back the form it reads', () => {
    expect(formatLocal(new Date('2026-11-26T05:00:00Z'))).toBe('2026-11-26 10:00');
    expect(formatLocal(new Date('2025-12-31T21:30:59Z'))).toBe('2026-01-01 02:30');
    expect(formatLocal(parseLocalDateTime('2026-03-09 23:59'))).toBe('2026-03-09 23:59');
  });

  it.each(['', 'tomorrow', '26-11-2026 10:00', '2026-11-26', '2026-11-26 10'])('refuses %j naming it', (input) => {
    expect(() => parseLocalDateTime(input)).toThrow(CafeError);
    try {
      parseLocalDateTime(input);
    } catch (error) {
      expect((error as CafeError).code).toBe('invalid_input');
      expect((error as CafeError).input).toBe(input);
      expect((error as CafeError).message).toMatch(/YYYY-MM-DD HH:MM/);
    }
  });

  it.each(['2026-02-30 10:00', '2026-13-01 10:00', '2026-11-26 24:00', '2026-11-26 10:60'])('refuses the impossible %j', (input) => {
    expect(() => parseLocalDateTime(input)).toThrow(/not a real date/);
  });

  it('refuses to format an invalid date', () => {
    expect(() => formatLocal(new Date('nope'))).toThrow(CafeError);
  });

  it('gives the local minute of the day', () => {
    expect(localMinuteOfDay(karachi('2026-11-26 21:30'))).toBe(1290);
  });
});

describe('isQuietTime', () => {
  it.each([
    ['2026-11-26 20:59', false],
    ['2026-11-26 21:00', true],
    ['2026-11-26 23:59', true],
    ['2026-11-27 00:00', true],
    ['2026-11-27 08:59', true],
    ['2026-11-27 09:00', false],
    ['2026-11-27 12:00', false],
  ])('21:00–09:00 wraps midnight: %s → %s', (local, quiet) => {
    expect(isQuietTime(karachi(local), NIGHT)).toBe(quiet);
  });

  it('uses Karachi time, not UTC', () => {
    // 16:30Z is 21:30 in Karachi: quiet, though 16:30 UTC is afternoon.
    expect(isQuietTime(new Date('2026-11-26T16:30:00Z'), NIGHT)).toBe(true);
    expect(isQuietTime(new Date('2026-11-26T03:59:00Z'), NIGHT)).toBe(true);
    expect(isQuietTime(new Date('2026-11-26T04:00:00Z'), NIGHT)).toBe(false);
  });

  it('handles a window inside one day', () => {
    const lunch = { startMinute: 13 * 60, endMinute: 14 * 60 };
    expect(isQuietTime(karachi('2026-11-26 12:59'), lunch)).toBe(false);
    expect(isQuietTime(karachi('2026-11-26 13:00'), lunch)).toBe(true);
    expect(isQuietTime(karachi('2026-11-26 14:00'), lunch)).toBe(false);
  });

  it('is never quiet when off or when the window is empty', () => {
    expect(isQuietTime(karachi('2026-11-26 23:00'), null)).toBe(false);
    expect(isQuietTime(karachi('2026-11-26 23:00'), { startMinute: 600, endMinute: 600 })).toBe(false);
  });
});

describe('quietHoursEnd', () => {
  it('gives 09:00 the same morning after midnight', () => {
    expect(formatLocal(quietHoursEnd(karachi('2026-11-27 03:15'), NIGHT))).toBe('2026-11-27 09:00');
  });

  it('gives 09:00 the next morning before midnight', () => {
    const end = quietHoursEnd(karachi('2026-11-26 21:00:00'), NIGHT);
    expect(end.toISOString()).toBe(karachi('2026-11-27 09:00').toISOString());
  });

  it('lands exactly on the minute, seconds and milliseconds included', () => {
    const at = new Date(karachi('2026-11-27 08:59:59').getTime() + 250);
    expect(quietHoursEnd(at, NIGHT).toISOString()).toBe(karachi('2026-11-27 09:00').toISOString());
  });

  it('returns the same instant when it is not quiet time or quiet hours are off', () => {
    const noon = karachi('2026-11-26 12:00');
    expect(quietHoursEnd(noon, NIGHT)).toBe(noon);
    expect(quietHoursEnd(karachi('2026-11-26 22:00'), null).toISOString()).toBe(karachi('2026-11-26 22:00').toISOString());
  });
});

describe('quietHoursWaitEnd', () => {
  it('gives the end of the quiet hours holding the instant, across midnight', () => {
    expect(quietHoursWaitEnd(karachi('2026-11-26 23:30'), NIGHT)?.toISOString()).toBe(karachi('2026-11-27 09:00').toISOString());
    expect(quietHoursWaitEnd(karachi('2026-11-27 08:59'), NIGHT)?.toISOString()).toBe(karachi('2026-11-27 09:00').toISOString());
  });

  it('gives null when messages need not wait: outside quiet hours, at their end, or with quiet hours off', () => {
    expect(quietHoursWaitEnd(karachi('2026-11-27 09:00'), NIGHT)).toBeNull();
    expect(quietHoursWaitEnd(karachi('2026-11-26 12:00'), NIGHT)).toBeNull();
    expect(quietHoursWaitEnd(karachi('2026-11-26 23:30'), null)).toBeNull();
  });
});
