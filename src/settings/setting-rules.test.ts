import { describe, expect, it } from 'vitest';
import { DEFAULT_OPT_OUT_TEXT } from '../config/index.js';
import { optOutLineWarning, quietHoursProblem, SAME_QUIET_HOURS, sendRateWarning } from './setting-rules.js';

describe('settings rules shared by the server and the dashboard', () => {
  it('refuses quiet hours that start and end at the same time, in words that fit time pickers', () => {
    expect(quietHoursProblem(21 * 60, 21 * 60)).toBe(SAME_QUIET_HOURS);
    expect(SAME_QUIET_HOURS).toMatch(/^Quiet hours must start and end at different times/);
    expect(quietHoursProblem(21 * 60, 9 * 60)).toBeUndefined();
  });

  it('warns about a pace outside 1–100 SMS parts a second, and only there', () => {
    expect(sendRateWarning(1000)).toMatch(/^1000 SMS parts a second is far above the usual 1–100/);
    expect(sendRateWarning(101)).toBeDefined();
    expect(sendRateWarning(0.01)).toMatch(/^0\.01 SMS parts a second is one SMS every 100 seconds: .* about 14 hours/);
    expect(sendRateWarning(0.5)).toMatch(/one SMS every 2 seconds/);
    for (const usual of [1, 5, 20, 100]) expect(sendRateWarning(usual)).toBeUndefined();
    // What the server refuses is an error, not a warning.
    for (const refused of [0, -1, 1001, Number.NaN]) expect(sendRateWarning(refused)).toBeUndefined();
  });

  it('warns that an opt-out line without an English sentence doubles the cost of English messages', () => {
    expect(optOutLineWarning('بند کرنے کے لیے STOP بھیجیں')).toMatch(/about twice as much/);
    expect(optOutLineWarning('Reply STOP بند کرنے کے لیے')).toMatch(/about twice as much/);
    expect(optOutLineWarning(DEFAULT_OPT_OUT_TEXT)).toBeUndefined();
    expect(optOutLineWarning('Reply STOP to opt out')).toBeUndefined();
    expect(optOutLineWarning('  ')).toBeUndefined();
  });
});
