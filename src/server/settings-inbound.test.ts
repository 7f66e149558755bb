import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../simulator/index.js';
import { optOutLineWarning, sendRateWarning, type Settings } from '../settings/index.js';
import { SAME_QUIET_HOURS } from '../settings/setting-rules.js';
import { createTestApp, errorOf, type SignedIn, type TestApp } from './test-support/test-app.js';

let test: TestApp;
let admin: SignedIn;
let changes: Settings[];
let sim: Simulator;

beforeEach(async () => {
  changes = [];
  sim = await startSimulator({ token: 'sandbox-test' });
  test = await createTestApp({
    sandbox: sim,
    onSettingsChanged: (settings) => void changes.push(settings),
    env: { OPT_OUT_KEYWORDS: 'BAS' },
  });
  admin = await test.signIn();
});

afterEach(async () => {
  await test.close();
  await sim.close();
});

const get = (url: string) => test.app.inject({ method: 'GET', url, headers: admin.headers });
const put = (payload: unknown) =>
  test.app.inject({ method: 'PUT', url: '/api/settings', headers: admin.headers, payload: payload as object });
const post = (url: string, payload: unknown) =>
  test.app.inject({ method: 'POST', url, headers: admin.headers, payload: payload as object });

describe('settings', () => {
  it('answers the configuration when nothing was changed', async () => {
    expect((await get('/api/settings')).json()).toEqual({
      senderId: 'Cafe de Revenue',
      sendRate: 20,
      sendConcurrency: 2,
      quietHours: '21:00-09:00',
      optOutText: expect.stringContaining('STOP'),
      optOutKeywords: ['BAS'],
      optInKeywords: [],
      lowBalanceUnits: null,
      mode: 'sandbox',
    });
  });

  it('stores changes over the configuration, tells the worker, and keeps them for the next start', async () => {
    const response = await put({ senderId: 'CafeRevenue', sendRate: 5, quietHours: '22:30-08:00', optOutText: 'STOP to end' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ senderId: 'CafeRevenue', sendRate: 5, quietHours: '22:30-08:00', optOutText: 'STOP to end' });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ sendRate: 5, quietHours: { startMinute: 22 * 60 + 30, endMinute: 8 * 60 } });

    expect((await put({ quietHours: 'off' })).json()).toMatchObject({ quietHours: 'off', sendRate: 5 });
    expect(changes[1]?.quietHours).toBeNull();
    expect((await get('/api/settings')).json()).toMatchObject({ senderId: 'CafeRevenue', quietHours: 'off' });
    expect((await get('/api/overview')).json().senderId).toBe('CafeRevenue');
  });

  it('refuses bad values, naming the field, and stores nothing', async () => {
    for (const [payload, field] of [
      [{ sendRate: 0 }, 'sendRate'],
      [{ sendRate: 'fast' }, 'sendRate'],
      [{ quietHours: '9pm-9am' }, 'quietHours'],
      [{ quietHours: '21:00-21:00' }, 'quietHours'],
      [{ senderId: '' }, 'senderId'],
      [{ senderId: 'A name far too long for a sender' }, 'senderId'],
      [{ optOutText: ' ' }, 'optOutText'],
      [{ optOutText: 'Call 0300-1234567 for no more offers' }, 'optOutText'],
      [{ mode: 'live' }, 'mode'],
    ] as const) {
      const response = await put(payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(errorOf(response).field).toBe(field);
    }
    expect(changes).toHaveLength(0);
    expect(await test.store.db.selectFrom('settings').selectAll().execute()).toHaveLength(0);
  });

  it('says what is wrong in words for staff: no field name in the message, no hint to type into a time picker', async () => {
    const same = errorOf(await put({ quietHours: '21:00-21:00' }));
    expect(same).toMatchObject({ field: 'quietHours', message: SAME_QUIET_HOURS });
    expect(same.message).not.toMatch(/write it as|type/i);
    expect(errorOf(await put({ sendRate: 5000 }))).toMatchObject({
      field: 'sendRate',
      message: 'The pace must be at most 1000 SMS parts per second',
    });
    const noKeyword = errorOf(await put({ optOutText: 'Call 0300-1234567 for no more offers' }));
    expect(noKeyword.message).toMatch(/^The opt-out line must tell customers a word that opts them out/);
  });

  it('takes an unusual pace and an Urdu-only line (the dashboard warns first, with the same rules)', async () => {
    expect((await put({ sendRate: 1000 })).statusCode).toBe(200);
    expect(sendRateWarning(1000)).toMatch(/far above the usual 1–100/);
    expect((await put({ sendRate: 0.01 })).statusCode).toBe(200);
    expect(sendRateWarning(0.01)).toMatch(/one SMS every 100 seconds/);
    expect((await put({ optOutText: 'بند کرنے کے لیے STOP بھیجیں' })).statusCode).toBe(200);
    expect(optOutLineWarning('بند کرنے کے لیے STOP بھیجیں')).toMatch(/twice as much/);
  });
});

describe('inbound and the sandbox', () => {
  it('lets a customer reply STOP in the sandbox: stored, opted out at once, listed as opt_out', async () => {
    await post('/api/contacts', { phone: '03001234567', name: 'Ali' });
    const reply = await post('/api/sandbox/inbound', { phone: '0300 1234567', message: 'Stop' });
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json()).toMatchObject({ phone: '923001234567', body: 'Stop', action: 'opt_out', contactId: 1 });
    expect(sim.records().filter((r) => r.send_by === 'to')).toHaveLength(1);
    expect((await get('/api/contacts/1')).json()).toMatchObject({ optedOut: true });

    await post('/api/sandbox/inbound', { phone: '03001234567', message: 'what time do you open?' });
    await post('/api/sandbox/inbound', { phone: '03001234567', message: 'START' });
    const inbound = (await get('/api/inbound')).json();
    expect(inbound.total).toBe(3);
    expect(inbound.items.map((m: { body: string; action: string | null }) => [m.body, m.action])).toEqual([
      ['START', 'opt_in'],
      ['what time do you open?', null],
      ['Stop', 'opt_out'],
    ]);
    expect((await get('/api/inbound?limit=1&offset=2')).json().items[0].body).toBe('Stop');
    expect((await get('/api/contacts/1')).json()).toMatchObject({ optedOut: false });
  });

  it('honours the configured opt-out keywords', async () => {
    const reply = await post('/api/sandbox/inbound', { phone: '03007654321', message: 'bas' });
    expect(reply.json()).toMatchObject({ action: 'opt_out' });
  });

  it('refuses bad input, naming the field', async () => {
    expect(errorOf(await post('/api/sandbox/inbound', { phone: 'x', message: 'STOP' }))).toMatchObject({ statusCode: 400, field: 'phone' });
    expect(errorOf(await post('/api/sandbox/inbound', { phone: '03001234567' }))).toMatchObject({ statusCode: 400, field: 'message' });
    expect(errorOf(await get('/api/inbound?limit=x'))).toMatchObject({ statusCode: 400, field: 'limit' });
  });
});

describe('live mode', () => {
  it('has no sandbox: 404, and health says live', async () => {
    const live = await createTestApp({ mode: 'live' });
    try {
      const signedIn = await live.signIn();
      const response = await live.app.inject({
        method: 'POST',
        url: '/api/sandbox/inbound',
        headers: signedIn.headers,
        payload: { phone: '03001234567', message: 'STOP' },
      });
      expect(response.statusCode).toBe(404);
      expect(errorOf(response).message).toMatch(/live mode/);
      expect((await live.app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({ ok: true, mode: 'live' });
    } finally {
      await live.close();
    }
  });
});
