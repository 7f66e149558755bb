import { describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { loadConfig } from './index.js';

const noDotenv = { cwd: null };

describe('SMS_UNIT_PRICE', () => {
  it('is null when unset or blank', () => {
    expect(loadConfig({ env: {}, ...noDotenv }).smsUnitPrice).toBeNull();
    expect(loadConfig({ env: { SMS_UNIT_PRICE: '  ' }, ...noDotenv }).smsUnitPrice).toBeNull();
  });

  it('reads rupees per SMS unit', () => {
    expect(loadConfig({ env: { SMS_UNIT_PRICE: '1.5' }, ...noDotenv }).smsUnitPrice).toBe(1.5);
    expect(loadConfig({ env: { SMS_UNIT_PRICE: ' 2 ' }, ...noDotenv }).smsUnitPrice).toBe(2);
  });

  it.each(['0', '-1', 'Rs 1.5', 'free', '20000'])('refuses "%s", naming the variable', (value) => {
    let error: unknown;
    try {
      loadConfig({ env: { SMS_UNIT_PRICE: value }, ...noDotenv });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(CafeError);
    expect(error).toMatchObject({ code: 'config', input: 'SMS_UNIT_PRICE' });
    expect((error as CafeError).message).toContain('SMS_UNIT_PRICE');
  });
});
