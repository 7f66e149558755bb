/** The e2e helpers' own failure paths: no Chromium, a server that does not start, the wrong mode. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { customersCsv, internationalPhone, launchChromium, skipWithoutChromium, startServe } from './index.js';

const MISSING = '/nonexistent/chromium-for-cafe-sms-tests';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('skipWithoutChromium', () => {
  it('skips with a visible warning on a machine without Chromium', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(skipWithoutChromium('some suite', { executablePath: MISSING, ci: undefined })).toBe(true);
    expect(warn).toHaveBeenCalledOnce();
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/SKIPPED "some suite": \/nonexistent\/chromium-for-cafe-sms-tests is missing/);
  });

  it('does not skip in CI, where launching then fails and names the missing browser', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(skipWithoutChromium('some suite', { executablePath: MISSING, ci: 'true' })).toBe(false);
    expect(warn).not.toHaveBeenCalled();
    await expect(launchChromium(MISSING)).rejects.toThrow(/chromium-for-cafe-sms-tests is missing: .*apt-get install -y chromium/);
  });
});

describe('startServe', () => {
  it('rejects with the server output when cafe-sms serve exits instead of listening', async () => {
    await expect(startServe({ env: { SEND_RATE: 'fast' } })).rejects.toThrow(/process ended before printing[\s\S]*SEND_RATE/);
  });

  it('refuses a server in live mode, which would send real SMS', async () => {
    const live = startServe({ env: { SMSAPP_API_TOKEN: 'not-a-real-token', SMSAPP_API_URL: 'http://127.0.0.1:9/api/v3/' } });
    await expect(live).rejects.toThrow(/started in live mode; these tests need sandbox mode/);
  });
});

describe('customersCsv', () => {
  it('writes a header, quotes cells that need it and joins tags with ";"', () => {
    const csv = customersCsv([{ phone: '0300 1234567', name: 'Khan, Ayesha', tags: ['vip', 'regulars'] }, '12345,Bad,']);
    expect(csv).toBe('phone,name,tags\n0300 1234567,"Khan, Ayesha",vip;regulars\n12345,Bad,\n');
    expect(internationalPhone('0300 1234567')).toBe('923001234567');
  });
});
