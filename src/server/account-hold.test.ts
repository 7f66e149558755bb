import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upsertContacts } from '../store/index.js';
import { readAccountHold, recordAccountHold } from '../store/outbox/index.js';
import { createTestApp, errorOf, type SignedIn, type TestApp } from './test-support/test-app.js';

/** Issue 15: while the gateway account has no SMS units, every answer says why sending waits. */

let test: TestApp;
let admin: SignedIn;

beforeEach(async () => {
  test = await createTestApp({ env: { QUIET_HOURS: 'off' } });
  admin = await test.signIn();
});
afterEach(async () => {
  await test.close();
});

const post = (url: string, payload: unknown = {}) =>
  test.app.inject({ method: 'POST', url, headers: admin.headers, payload: payload as object });
const get = (url: string) => test.app.inject({ method: 'GET', url, headers: admin.headers });
const NO_UNITS = 'waiting: the account has no SMS units left — top up, then resume';

async function runningCampaign(): Promise<number> {
  await upsertContacts(test.store.db, [{ phone: '923001230001', name: 'Ali' }]);
  const created = await post('/api/campaigns', { name: 'Winter', template: 'Hi {{name}}', transactional: true });
  const id = created.json<{ campaign: { id: number } }>().campaign.id;
  expect((await post(`/api/campaigns/${id}/start`)).statusCode).toBe(200);
  return id;
}

describe('an account hold', () => {
  it('is said on the overview and on a running campaign, and resume ends it and makes the held messages due', async () => {
    const id = await runningCampaign();
    expect((await get(`/api/campaigns/${id}`)).json()).toMatchObject({ waitingFor: null, gatewayCost: 0 });
    expect((await get('/api/overview')).json()).toMatchObject({ accountHold: null });

    await recordAccountHold(
      test.store.db,
      { code: 'insufficient_balance', message: 'You do not have sufficient sms unit to send message' },
      test.clock.now(),
    );
    expect((await get(`/api/campaigns/${id}`)).json()).toMatchObject({ waitingFor: NO_UNITS, campaign: { state: 'running' } });
    expect((await get('/api/overview')).json()).toMatchObject({
      accountHold: { reason: 'insufficient_balance', message: NO_UNITS, since: test.clock.now().toISOString() },
    });

    const resumed = await post(`/api/campaigns/${id}/resume`);
    expect(resumed.statusCode).toBe(200);
    expect(await readAccountHold(test.store.db)).toBeUndefined();
    expect((await get(`/api/campaigns/${id}`)).json()).toMatchObject({ waitingFor: null });
  });

  it('still refuses to resume a running campaign when nothing holds it', async () => {
    const id = await runningCampaign();
    const response = await post(`/api/campaigns/${id}/resume`);
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).message).toMatch(/is running, so it cannot be resumed/);
  });
});
