import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { DEFAULT_OPT_OUT_TEXT, loadConfig } from './index.js';

const noDotenv = { cwd: null };

function configError(run: () => unknown): CafeError {
  try {
    run();
  } catch (error) {
    if (error instanceof CafeError) return error;
    throw error;
  }
  throw new Error('expected a CafeError');
}

describe('loadConfig', () => {
  it('has the documented defaults and no token', () => {
    const config = loadConfig({ env: {}, ...noDotenv });
    expect(config).toMatchObject({
      apiUrl: 'https://connect.smsapp.pk/api/v3/',
      senderId: 'Cafe de Revenue',
      defaultCountry: 'PK',
      databaseUrl: './data/cafe-sms.db',
      quietHours: { startMinute: 21 * 60, endMinute: 9 * 60 },
      optOutText: DEFAULT_OPT_OUT_TEXT,
    });
    expect(config.apiToken).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads .env under the environment, the environment winning', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cafe-config-'));
    writeFileSync(path.join(dir, '.env'), 'SMSAPP_API_TOKEN=from-dotenv\nSMSAPP_SENDER_ID=DotenvCafe\nDEFAULT_COUNTRY=ae\n');
    const config = loadConfig({ env: { SMSAPP_SENDER_ID: 'EnvCafe' }, cwd: dir });
    expect(config.apiToken?.reveal()).toBe('from-dotenv');
    expect(config.senderId).toBe('EnvCafe');
    expect(config.defaultCountry).toBe('AE');
  });

  it('treats a blank token as no token', () => {
    expect(loadConfig({ env: { SMSAPP_API_TOKEN: '  ' }, ...noDotenv }).apiToken).toBeUndefined();
  });

  it('never shows the token when printed, logged or serialised', () => {
    const config = loadConfig({ env: { SMSAPP_API_TOKEN: '42|supersecretvalue' }, ...noDotenv });
    expect(JSON.stringify(config)).not.toContain('supersecret');
    expect(inspect(config, { depth: 5 })).not.toContain('supersecret');
    expect(String(config.apiToken)).toBe('[redacted]');
  });

  it('adds the trailing slash the URL joins need', () => {
    expect(loadConfig({ env: { SMSAPP_API_URL: 'http://127.0.0.1:8787/api/v3' }, ...noDotenv }).apiUrl).toBe(
      'http://127.0.0.1:8787/api/v3/',
    );
  });

  it('takes an opt-out line naming a keyword of OPT_OUT_KEYWORDS', () => {
    const config = loadConfig({ env: { OPT_OUT_TEXT: 'Bas likh kar bhejein', OPT_OUT_KEYWORDS: 'BAS' }, ...noDotenv });
    expect(config.optOutText).toBe('Bas likh kar bhejein');
  });

  it('turns quiet hours off with "off"', () => {
    expect(loadConfig({ env: { QUIET_HOURS: 'off' }, ...noDotenv }).quietHours).toBeNull();
  });

  it('reads an overnight window and one inside a day', () => {
    expect(loadConfig({ env: { QUIET_HOURS: '22:30 - 08:00' }, ...noDotenv }).quietHours).toEqual({ startMinute: 1350, endMinute: 480 });
    expect(loadConfig({ env: { QUIET_HOURS: '13:00-14:00' }, ...noDotenv }).quietHours).toEqual({ startMinute: 780, endMinute: 840 });
  });

  it('refuses quiet hours that start and end at the same time, saying what to write instead', () => {
    const error = configError(() => loadConfig({ env: { QUIET_HOURS: '09:00-09:00' }, ...noDotenv }));
    expect(error).toMatchObject({ code: 'config', input: 'QUIET_HOURS' });
    expect(error.message).toBe(
      'QUIET_HOURS "09:00-09:00" starts and ends at the same time, which leaves no quiet hours: ' +
        'give a window such as 21:00-09:00, or "off" for none',
    );
  });

  it.each([
    [{ SMSAPP_API_URL: 'not a url' }, 'SMSAPP_API_URL'],
    [{ DEFAULT_COUNTRY: 'Pakistan' }, 'DEFAULT_COUNTRY'],
    [{ DEFAULT_COUNTRY: 'XX' }, 'DEFAULT_COUNTRY'],
    [{ DEFAULT_COUNTRY: 'UK' }, 'DEFAULT_COUNTRY'],
    [{ SEND_RATE: 'fast' }, 'SEND_RATE'],
    [{ SEND_RATE: '0' }, 'SEND_RATE'],
    [{ QUIET_HOURS: '9pm-9am' }, 'QUIET_HOURS'],
    [{ QUIET_HOURS: '09:00-09:00' }, 'QUIET_HOURS'],
    // An opt-out line must name a word that really opts out.
    [{ OPT_OUT_TEXT: 'Call 0300-1234567 for no more offers' }, 'OPT_OUT_TEXT'],
    [{ PORT: '70000' }, 'PORT'],
  ])('refuses %j naming the variable', (env, name) => {
    const error = configError(() => loadConfig({ env, ...noDotenv }));
    expect(error.code).toBe('config');
    expect(error.input).toBe(name);
    expect(error.message).toContain(name);
  });
});

describe('loadConfig outbox settings', () => {
  it('reads pace, concurrency, grace and keyword lists', () => {
    const config = loadConfig({
      env: {
        SEND_RATE: '5',
        SEND_CONCURRENCY: '3',
        RECONCILE_GRACE_SECONDS: '1.5',
        OPT_OUT_KEYWORDS: 'BAS, khatam ,',
        OPT_IN_KEYWORDS: 'JOIN',
      },
      cwd: null,
    });
    expect(config).toMatchObject({
      sendRate: 5,
      sendConcurrency: 3,
      reconcileGraceMs: 1500,
      optOutKeywords: ['BAS', 'khatam'],
      optInKeywords: ['JOIN'],
    });
  });

  it('refuses a concurrency of 0', () => {
    expect(() => loadConfig({ env: { SEND_CONCURRENCY: '0' }, cwd: null })).toThrow(/SEND_CONCURRENCY/);
  });

  it('reads the log format: auto by default, json or pretty when set, anything else refused by name', () => {
    expect(loadConfig({ env: {}, cwd: null }).logFormat).toBe('auto');
    expect(loadConfig({ env: { LOG_FORMAT: 'pretty' }, cwd: null }).logFormat).toBe('pretty');
    expect(() => loadConfig({ env: { LOG_FORMAT: 'colour' }, cwd: null })).toThrow(/LOG_FORMAT must be auto, json or pretty/);
  });
});

describe('loadConfig worker timing', () => {
  it('defaults the worker timing knobs and reads them from the environment', () => {
    expect(loadConfig({ env: {}, cwd: null })).toMatchObject({ workerIdlePollMs: 500, workerStaleMs: 15_000, trackIntervalMs: 5000 });
    const config = loadConfig({ env: { WORKER_IDLE_POLL_MS: '20', WORKER_STALE_MS: '2000', TRACK_INTERVAL_MS: '50' }, cwd: null });
    expect(config).toMatchObject({ workerIdlePollMs: 20, workerStaleMs: 2000, trackIntervalMs: 50 });
  });

  it.each([
    ['WORKER_IDLE_POLL_MS', '0'],
    ['WORKER_STALE_MS', '500'],
    ['TRACK_INTERVAL_MS', 'soon'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => loadConfig({ env: { [name]: value }, cwd: null })).toThrow(name);
  });
});
