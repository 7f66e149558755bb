import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatClock, formatQuietHours, parseClock, parseQuietHours } from './index.js';

const window = (startMinute: number, endMinute: number) => ({ ok: true, quietHours: { startMinute, endMinute } });

describe('parseQuietHours', () => {
  it('reads an overnight window, one inside a day, and the edges of the clock', () => {
    expect(parseQuietHours('21:00-09:00')).toEqual(window(21 * 60, 9 * 60));
    expect(parseQuietHours('13:00-14:30')).toEqual(window(13 * 60, 14 * 60 + 30));
    expect(parseQuietHours('00:00-23:59')).toEqual(window(0, 23 * 60 + 59));
    expect(parseQuietHours('23:59-00:00')).toEqual(window(23 * 60 + 59, 0));
  });

  it('allows spaces around the text and the dash', () => {
    expect(parseQuietHours('  22:30 - 08:00 ')).toEqual(window(22 * 60 + 30, 8 * 60));
  });

  it('reads "off" in any case as no quiet hours', () => {
    expect(parseQuietHours('off')).toEqual({ ok: true, quietHours: null });
    expect(parseQuietHours(' OFF ')).toEqual({ ok: true, quietHours: null });
  });

  it('refuses a window that starts where it ends, which would leave no quiet hours', () => {
    expect(parseQuietHours('09:00-09:00')).toEqual({ ok: false, problem: 'starts-where-it-ends' });
    expect(parseQuietHours('00:00 - 00:00')).toEqual({ ok: false, problem: 'starts-where-it-ends' });
  });

  const malformed = [
    '',
    ' ',
    'on',
    '9pm-9am',
    '9:00-21:00',
    '21:00',
    '21:00-',
    '-09:00',
    '24:00-09:00',
    '21:60-09:00',
    '21:00-09:00-10:00',
    '2100-0900',
  ];
  it.each(malformed)('refuses %j as not a range', (text) => {
    expect(parseQuietHours(text)).toEqual({ ok: false, problem: 'not-a-range' });
  });
});

describe('formatQuietHours', () => {
  it('writes the window with two-digit hours and minutes, or "off"', () => {
    expect(formatQuietHours({ startMinute: 21 * 60, endMinute: 9 * 60 })).toBe('21:00-09:00');
    expect(formatQuietHours({ startMinute: 5, endMinute: 23 * 60 + 59 })).toBe('00:05-23:59');
    expect(formatQuietHours(null)).toBe('off');
  });
});

describe('parseClock / formatClock', () => {
  it('reads and writes a 24-hour HH:MM', () => {
    expect(parseClock('21:30')).toBe(1290);
    expect(parseClock(' 07:05 ')).toBe(425);
    expect(formatClock(425)).toBe('07:05');
  });

  it.each(['', '7:05', '24:00', '12:60', '12:00:00'])('refuses %j', (text) => {
    expect(parseClock(text)).toBeUndefined();
  });
});

describe('round trip', () => {
  const minuteOfDay = fc.integer({ min: 0, max: 24 * 60 - 1 });
  const validWindow = fc
    .tuple(minuteOfDay, minuteOfDay)
    .filter(([start, end]) => start !== end)
    .map(([startMinute, endMinute]) => ({ startMinute, endMinute }));

  it('reads back every window it writes', () => {
    fc.assert(
      fc.property(validWindow, (quietHours) => {
        expect(parseQuietHours(formatQuietHours(quietHours))).toEqual({ ok: true, quietHours });
      }),
    );
  });

  it('writes back every valid text as it was, spaces aside', () => {
    const clock = minuteOfDay.map(formatClock);
    const text = fc
      .tuple(clock, clock, fc.constantFrom('', ' ', '  '))
      .filter(([start, end]) => start !== end)
      .map(([start, end, space]) => ({ canonical: `${start}-${end}`, written: `${space}${start}${space}-${space}${end}${space}` }));
    fc.assert(
      fc.property(text, ({ canonical, written }) => {
        const reading = parseQuietHours(written);
        expect(reading.ok && formatQuietHours(reading.quietHours)).toBe(canonical);
      }),
    );
  });
});
