import { describe, expect, it } from 'vitest';
import { formatQuietHours, parseQuietHours, quietHoursFormProblem } from './quiet-hours';

describe('quiet hours form', () => {
  it('reads a range and writes it back', () => {
    const form = parseQuietHours('22:30-08:00');
    expect(form).toEqual({ enabled: true, from: '22:30', to: '08:00' });
    expect(formatQuietHours(form)).toBe('22:30-08:00');
  });

  it('reads off as switched off with the usual hours ready', () => {
    const form = parseQuietHours('off');
    expect(form).toEqual({ enabled: false, from: '21:00', to: '09:00' });
    expect(formatQuietHours(form)).toBe('off');
  });

  it('reads what the server would refuse as switched off: a malformed range, or one that starts where it ends', () => {
    for (const value of ['9pm-9am', '10:00-10:00', '', '24:00-09:00']) {
      expect(parseQuietHours(value)).toEqual({ enabled: false, from: '21:00', to: '09:00' });
    }
  });

  it('writes the picked times in the server’s form, and sends what the pickers cannot give as it is', () => {
    expect(formatQuietHours({ enabled: true, from: '07:05', to: '23:59' })).toBe('07:05-23:59');
    expect(formatQuietHours({ enabled: true, from: '', to: '09:00' })).toBe('-09:00');
  });

  it('says the server’s words about the same start and end, in terms of the pickers (nothing about typing a range)', () => {
    const problem = quietHoursFormProblem({ enabled: true, from: '21:00', to: '21:00' });
    expect(problem).toMatch(/^Quiet hours must start and end at different times/);
    expect(problem).not.toMatch(/write|type/i);
    expect(quietHoursFormProblem({ enabled: true, from: '21:00', to: '09:00' })).toBeUndefined();
    expect(quietHoursFormProblem({ enabled: false, from: '21:00', to: '21:00' })).toBeUndefined();
  });
});
