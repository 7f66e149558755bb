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

  it('says the server’s words about the same start and end, in terms of the pickers (nothing about typing a range)', () => {
    const problem = quietHoursFormProblem({ enabled: true, from: '21:00', to: '21:00' });
    expect(problem).toMatch(/^Quiet hours must start and end at different times/);
    expect(problem).not.toMatch(/write|type/i);
    expect(quietHoursFormProblem({ enabled: true, from: '21:00', to: '09:00' })).toBeUndefined();
    expect(quietHoursFormProblem({ enabled: false, from: '21:00', to: '21:00' })).toBeUndefined();
  });
});
