import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.js';
import { phoneForStaff } from './phone-for-staff.js';

describe('phoneForStaff', () => {
  it('writes a Pakistani mobile number as staff do, whichever way it was typed', () => {
    for (const typed of ['0300-1234567', '+92 300 1234567', '923001234567', '3001234567']) {
      expect(phoneForStaff(normalizePhone(typed))).toBe('0300-1234567');
    }
  });

  it('keeps other countries’ numbers international, with the + staff would dial', () => {
    expect(phoneForStaff('971501234567')).toBe('+971501234567');
    expect(phoneForStaff('447700900123')).toBe('+447700900123');
  });
});
