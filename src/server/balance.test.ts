import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../simulator/index.js';
import { BALANCE_CACHE_MS, FAILED_BALANCE_CACHE_MS } from './routes/balance.js';
import { createTestApp, errorOf, STAFF, type TestApp } from './test-support/test-app.js';

const TOKEN = '7|BalanceTestTokenAbcdefghijklmnop';
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function simulator(balance?: number): Promise<Simulator> {
  const sim = await startSimulator({ token: TOKEN, ...(balance === undefined ? {} : { balance }) });
  open.push(sim);
  return sim;
}

async function app(options: Parameters<typeof createTestApp>[0]): Promise<TestApp> {
  const test = await createTestApp(options);
  open.push(test);
  return test;
}

/** A live-mode app whose "real" gateway is a simulator. */
async function liveApp(sim: { url: string }, env: Record<string, string> = {}): Promise<TestApp> {
  return app({ mode: 'live', env: { SMSAPP_API_TOKEN: TOKEN, SMSAPP_API_URL: sim.url, ...env } });
}

async function getBalance(test: TestApp, user?: typeof STAFF) {
  const { headers } = await test.signIn(user);
  return test.app.inject({ method: 'GET', url: '/api/balance', headers });
}

describe('GET /api/balance', () => {
  it('answers the units, their value at SMS_UNIT_PRICE and the low-balance warning, to staff too', async () => {
    const sim = await simulator(1200);
    const test = await liveApp(sim, { SMS_UNIT_PRICE: '1.5' });
    const response = await getBalance(test, STAFF);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      balance: { kind: 'units', units: 1200, text: '1,200' },
      unitPrice: 1.5,
      value: 1800,
      lowThreshold: null,
      low: false,
      checkedAt: test.clock.now().toISOString(),
      error: null,
    });

    const admin = await test.signIn();
    const put = await test.app.inject({ method: 'PUT', url: '/api/settings', headers: admin.headers, payload: { lowBalanceUnits: 5000 } });
    expect(put.statusCode, put.body).toBe(200);
    expect((await getBalance(test)).json()).toMatchObject({ lowThreshold: 5000, low: true });
  });

  it('asks the real gateway at most every 30 s, a failed call every 10 s', async () => {
    const sim = await simulator(100);
    const test = await liveApp(sim);
    const calls = () => sim.stats().byOperation.balance ?? 0;
    await Promise.all([getBalance(test), getBalance(test)]);
    expect(calls()).toBe(1);
    test.clock.advance(BALANCE_CACHE_MS - 1);
    expect((await getBalance(test)).json().balance.units).toBe(100);
    expect(calls()).toBe(1);

    test.clock.advance(1);
    sim.injectFaults({ kind: 'unauthenticated', on: 'balance' });
    const failed = (await getBalance(test)).json();
    expect(calls()).toBe(2);
    expect(failed.balance).toEqual({
      kind: 'unknown',
      reason: expect.stringMatching(/^the gateway could not be asked: .*SMSAPP_API_TOKEN/),
    });
    expect(failed.error).toMatchObject({ code: 'auth' });
    expect(JSON.stringify(failed)).not.toContain(TOKEN);
    test.clock.advance(FAILED_BALANCE_CACHE_MS - 1);
    await getBalance(test);
    expect(calls()).toBe(2);
    test.clock.advance(1);
    expect((await getBalance(test)).json()).toMatchObject({ balance: { kind: 'units', units: 100 }, error: null });
    expect(calls()).toBe(3);
  });

  it('says when the gateway does not tell (no balance call) and when it is unlimited', async () => {
    const sim = await simulator();
    const unlimited = await liveApp(sim, { SMS_UNIT_PRICE: '2' });
    expect((await getBalance(unlimited)).json()).toMatchObject({
      balance: { kind: 'unlimited', text: 'Unlimited' },
      value: null,
      low: false,
    });
    const missing = await liveApp({ url: `${sim.url}elsewhere/` });
    expect((await getBalance(missing)).json()).toMatchObject({
      balance: { kind: 'unknown', reason: expect.stringContaining('HTTP 404') },
      error: null,
      value: null,
    });
  });

  it('answers unknown with the reason when the gateway cannot be reached', async () => {
    const sim = await simulator();
    const url = sim.url;
    await sim.close();
    const test = await liveApp({ url });
    expect((await getBalance(test)).json()).toMatchObject({ balance: { kind: 'unknown' }, error: { code: 'network' } });
  });

  it('asks the sandbox simulator every time (it is in this process)', async () => {
    const sim = await simulator(50);
    const test = await app({ sandbox: sim });
    expect((await getBalance(test)).json().balance).toEqual({ kind: 'units', units: 50, text: '50' });
    sim.setOptions({ balance: 7 });
    expect((await getBalance(test)).json().balance).toEqual({ kind: 'units', units: 7, text: '7' });
    const none = await app({});
    expect((await getBalance(none)).json().balance).toEqual({ kind: 'unknown', reason: 'this server has no gateway to ask' });
  });

  it('needs a signed-in user', async () => {
    const test = await app({});
    expect((await test.app.inject({ method: 'GET', url: '/api/balance' })).statusCode).toBe(401);
  });

  it('is described in the OpenAPI document, with the sandbox route', async () => {
    const test = await app({});
    const document = (await test.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const answer = document.paths['/api/balance'].get.responses['200'].content['application/json'].schema;
    expect(answer.required).toEqual(expect.arrayContaining(['balance', 'unitPrice', 'value', 'lowThreshold', 'low', 'checkedAt']));
    expect(document.paths['/api/sandbox/balance'].post.responses).toHaveProperty('404');
  });
});

describe('POST /api/sandbox/balance', () => {
  it("sets the simulator's units (null: unlimited), which the balance shows at once", async () => {
    const sim = await simulator();
    const test = await app({ sandbox: sim });
    const { headers } = await test.signIn();
    const set = await test.app.inject({ method: 'POST', url: '/api/sandbox/balance', headers, payload: { units: 300 } });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ units: 300 });
    expect(sim.remainingBalance()).toBe(300);
    expect((await getBalance(test)).json().balance).toMatchObject({ kind: 'units', units: 300 });
    const unlimited = await test.app.inject({ method: 'POST', url: '/api/sandbox/balance', headers, payload: { units: null } });
    expect(unlimited.json()).toEqual({ units: null });
    expect((await getBalance(test)).json().balance.kind).toBe('unlimited');
  });

  it('is for admins only, checks its input and its CSRF token', async () => {
    const sim = await simulator();
    const test = await app({ sandbox: sim });
    const staff = await test.signIn(STAFF);
    const asStaff = await test.app.inject({ method: 'POST', url: '/api/sandbox/balance', headers: staff.headers, payload: { units: 5 } });
    expect(asStaff.statusCode).toBe(403);
    const admin = await test.signIn();
    for (const payload of [{ units: -1 }, { units: 1.5 }, { units: '5' }, {}, { units: 5, extra: 1 }]) {
      const response = await test.app.inject({ method: 'POST', url: '/api/sandbox/balance', headers: admin.headers, payload });
      expect(errorOf(response), JSON.stringify(payload)).toMatchObject({ statusCode: 400 });
    }
    const noCsrf = await test.app.inject({
      method: 'POST',
      url: '/api/sandbox/balance',
      headers: { cookie: admin.cookie },
      payload: { units: 5 },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(sim.remainingBalance()).toBeUndefined();
  });

  it('is not there in live mode', async () => {
    const test = await app({ mode: 'live' });
    const { headers } = await test.signIn();
    const response = await test.app.inject({ method: 'POST', url: '/api/sandbox/balance', headers, payload: { units: 5 } });
    expect(response.statusCode).toBe(404);
    expect(errorOf(response).message).toMatch(/live mode/);
  });
});
