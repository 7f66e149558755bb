import { describe, expect, it } from 'vitest';
import { formatQuietHours, parseQuietHours } from './quiet-hours';

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
});
