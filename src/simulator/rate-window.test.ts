import { describe, expect, it } from 'vitest';
import { createRateWindow } from './rate-window.js';

describe('createRateWindow', () => {
  it('admits up to the limit within one second and counts only admitted calls', () => {
    const window = createRateWindow();
    expect([0, 10, 20, 30].map((t) => window.admit(t, 3))).toEqual([true, true, true, false]);
    expect(window.admit(999, 3)).toBe(false);
    expect(window.admit(1000, 3)).toBe(true);
    expect(window.admit(1009, 3)).toBe(false);
    expect(window.admit(1010, 3)).toBe(true);
  });

  it('keeps working over many calls as old ones expire', () => {
    const window = createRateWindow();
    let admitted = 0;
    for (let t = 0; t < 10_000; t++) if (window.admit(t, 100)) admitted++;
    expect(admitted).toBe(1000);
  });

  it('forgets everything on clear', () => {
    const window = createRateWindow();
    window.admit(0, 1);
    expect(window.admit(1, 1)).toBe(false);
    window.clear();
    expect(window.admit(1, 1)).toBe(true);
  });
});
