import { describe, expect, it } from 'vitest';
import { formatKarachi, isoToKarachiLocal, karachiDayEndIso, karachiDayStartIso, karachiLocalToIso } from './karachi';

describe('Karachi local time', () => {
  it('reads a datetime-local value as Karachi time (UTC+5)', () => {
    expect(karachiLocalToIso('2026-11-26T10:00')).toBe('2026-11-26T05:00:00.000Z');
    expect(karachiLocalToIso('2026-11-26T03:30')).toBe('2026-11-25T22:30:00.000Z');
  });

  it('refuses text that is not a datetime-local value', () => {
    expect(karachiLocalToIso('')).toBeNull();
    expect(karachiLocalToIso('tomorrow 10am')).toBeNull();
    expect(karachiLocalToIso('2026-13-40T10:00')).toBeNull();
  });

  it('turns an instant back into the datetime-local value', () => {
    expect(isoToKarachiLocal('2026-11-25T22:30:00.000Z')).toBe('2026-11-26T03:30');
  });

  it('spans a whole Karachi day for date filters', () => {
    expect(karachiDayStartIso('2026-11-26')).toBe('2026-11-25T19:00:00.000Z');
    expect(karachiDayEndIso('2026-11-26')).toBe('2026-11-26T18:59:59.999Z');
    expect(karachiDayStartIso('26/11/2026')).toBeNull();
    expect(karachiDayEndIso('')).toBeNull();
  });

  it('formats instants in Karachi whatever the machine zone', () => {
    expect(formatKarachi('2026-11-25T22:30:00.000Z')).toBe('26 Nov 2026, 03:30');
    expect(formatKarachi(null)).toBe('—');
    expect(formatKarachi('not a date')).toBe('not a date');
  });
});
