import { describe, expect, it } from 'vitest';
import { readOptOutTime, writeOptOutTime } from './opt-out-time.js';

describe('opt-out times in the contacts file', () => {
  it('writes them in cafe time (Asia/Karachi), seconds only when there are some', () => {
    expect(writeOptOutTime('2026-11-26T05:00:00.000Z')).toBe('2026-11-26 10:00');
    expect(writeOptOutTime('2026-11-26T20:30:15.000Z')).toBe('2026-11-27 01:30:15');
  });

  it('reads back what it wrote as the same instant, whatever zone the server runs in', () => {
    for (const iso of ['2026-11-26T05:00:00.000Z', '2026-11-26T20:30:15.000Z', '2024-02-29T18:59:00.000Z']) {
      const read = readOptOutTime(writeOptOutTime(iso));
      expect(read.ok && read.at.toISOString()).toBe(iso);
    }
    expect(readOptOutTime('2026-11-26T10:00')).toEqual({ ok: true, at: new Date('2026-11-26T05:00:00.000Z') });
  });

  it('still reads times that name their zone, as older exports wrote them', () => {
    expect(readOptOutTime('2026-11-26T05:00:00.000Z')).toEqual({ ok: true, at: new Date('2026-11-26T05:00:00.000Z') });
    expect(readOptOutTime('2026-11-26T10:00:00+05:00')).toEqual({ ok: true, at: new Date('2026-11-26T05:00:00.000Z') });
  });

  it('refuses what is not a time, saying the form to write', () => {
    expect(readOptOutTime('last tuesday')).toEqual({
      ok: false,
      reason: expect.stringMatching(/^opted_out_at is not a date: .*2026-11-26 10:00/),
    });
    expect(readOptOutTime('2026-02-30 10:00')).toEqual({ ok: false, reason: expect.stringMatching(/^opted_out_at .*not a real date/) });
  });
});
