import { describe, expect, it } from 'vitest';
import { quietHoursWaitUntil } from './quiet-hours';

// The rule itself is the server's, tested in src/quiet-hours; this is how the pages ask it.
describe('quietHoursWaitUntil', () => {
  it('answers the end of a window that wraps past midnight (Karachi time)', () => {
    // 23:30 Karachi = 18:30 UTC; quiet until 09:00 Karachi next day = 04:00 UTC.
    expect(quietHoursWaitUntil('21:00-09:00', '2026-11-25T18:30:00.000Z')).toBe('2026-11-26T04:00:00.000Z');
    // 08:59 Karachi, still quiet, same day end.
    expect(quietHoursWaitUntil('21:00-09:00', '2026-11-26T03:59:00.000Z')).toBe('2026-11-26T04:00:00.000Z');
  });

  it('answers null outside quiet hours, at their end, or when they are off', () => {
    expect(quietHoursWaitUntil('21:00-09:00', '2026-11-26T04:00:00.000Z')).toBeNull();
    expect(quietHoursWaitUntil('21:00-09:00', '2026-11-26T10:00:00.000Z')).toBeNull();
    expect(quietHoursWaitUntil('off', '2026-11-25T18:30:00.000Z')).toBeNull();
    expect(quietHoursWaitUntil(null, '2026-11-25T18:30:00.000Z')).toBeNull();
  });

  it('answers null for text or instants it cannot read, rather than guess', () => {
    expect(quietHoursWaitUntil('10:00-10:00', '2026-11-26T05:00:00.000Z')).toBeNull();
    expect(quietHoursWaitUntil('9pm-9am', '2026-11-25T18:30:00.000Z')).toBeNull();
    expect(quietHoursWaitUntil('21:00-09:00', 'not a date')).toBeNull();
  });

  it('handles a window within one day', () => {
    // 13:30 Karachi in 13:00-14:00.
    expect(quietHoursWaitUntil('13:00-14:00', '2026-11-26T08:30:00.000Z')).toBe('2026-11-26T09:00:00.000Z');
  });
});
