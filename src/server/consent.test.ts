import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setOptOut } from '../store/index.js';
import { createTestApp, errorOf, STAFF, type SignedIn, type TestApp } from './test-support/test-app.js';

// The consent routes: an opt-in needs a reason, and every change is recorded with who made it.

let test: TestApp;
let staff: SignedIn;
let contactId: number;

beforeEach(async () => {
  test = await createTestApp();
  staff = await test.signIn(STAFF);
  const created = await test.app.inject({
    method: 'POST',
    url: '/api/contacts',
    headers: staff.headers,
    payload: { phone: '0300-1234567', name: 'Ayesha' },
  });
  contactId = created.json().id;
});

afterEach(async () => {
  await test.close();
});

const post = (url: string, payload?: object, headers: Record<string, string> = staff.headers) =>
  test.app.inject({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload }) });
const history = (id: number, headers: Record<string, string> = staff.headers) =>
  test.app.inject({ method: 'GET', url: `/api/contacts/${id}/consent`, headers });

describe('opting back in', () => {
  beforeEach(async () => {
    await setOptOut(test.store.db, contactId, { source: 'inbound', reason: 'Replied "STOP"', now: test.clock.now() });
  });

  it('refuses without a reason, naming the field, and leaves the customer opted out', async () => {
    for (const payload of [undefined, {}, { reason: '   ' }]) {
      const answer = await post(`/api/contacts/${contactId}/opt-in`, payload);
      expect(answer.statusCode, answer.body).toBe(400);
      expect(errorOf(answer)).toMatchObject({ code: 'invalid_input', field: 'reason' });
    }
    expect(errorOf(await post(`/api/contacts/${contactId}/opt-in`, { reason: 'x'.repeat(201) }))).toMatchObject({
      statusCode: 400,
      field: 'reason',
    });
    const contact = await test.app.inject({ method: 'GET', url: `/api/contacts/${contactId}`, headers: staff.headers });
    expect(contact.json()).toMatchObject({ optedOut: true });
    expect((await history(contactId)).json().items).toHaveLength(1);
  });

  it('opts in with the reason, recorded with the signed-in user, and the history shows every change in order', async () => {
    test.clock.advance(60_000);
    const answer = await post(`/api/contacts/${contactId}/opt-in`, { reason: ' asked at the counter ' });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toMatchObject({ optedOut: false, optedOutAt: null });

    const events = (await history(contactId)).json().items;
    expect(events).toEqual([
      {
        id: expect.any(Number),
        change: 'opt_out',
        source: 'inbound',
        actor: null,
        reason: 'Replied "STOP"',
        createdAt: '2026-11-26T05:00:00.000Z',
      },
      {
        id: expect.any(Number),
        change: 'opt_in',
        source: 'dashboard',
        actor: 'staff',
        reason: 'asked at the counter',
        createdAt: '2026-11-26T05:01:00.000Z',
      },
    ]);
  });

  it('records an API key by its name, with source api', async () => {
    const key = await test.apiKey('till');
    const bearer = { authorization: `Bearer ${key}` };
    expect((await post(`/api/contacts/${contactId}/opt-in`, { reason: 'signed up again on the website' }, bearer)).statusCode).toBe(200);
    const last = (await history(contactId, bearer)).json().items.at(-1);
    expect(last).toMatchObject({ change: 'opt_in', source: 'api', actor: 'till', reason: 'signed up again on the website' });
  });

  it('answers 404 for a contact that does not exist', async () => {
    expect(errorOf(await post('/api/contacts/999/opt-in', { reason: 'asked at the counter' }))).toMatchObject({
      statusCode: 404,
      code: 'not_found',
    });
    expect(errorOf(await history(999))).toMatchObject({ statusCode: 404, code: 'not_found' });
    expect(errorOf(await history(0))).toMatchObject({ statusCode: 400, field: 'id' });
  });
});

describe('opting out', () => {
  it('is quick (no reason needed), records who did it, and a second tap changes nothing', async () => {
    expect((await post(`/api/contacts/${contactId}/opt-out`, {})).json()).toMatchObject({ optedOut: true });
    test.clock.advance(350);
    const again = await post(`/api/contacts/${contactId}/opt-out`, {});
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ optedOut: true, optedOutAt: '2026-11-26T05:00:00.000Z' });
    expect((await history(contactId)).json().items).toEqual([
      {
        id: expect.any(Number),
        change: 'opt_out',
        source: 'dashboard',
        actor: 'staff',
        reason: null,
        createdAt: '2026-11-26T05:00:00.000Z',
      },
    ]);
  });

  it('needs a signed-in user or a key', async () => {
    expect((await test.app.inject({ method: 'GET', url: `/api/contacts/${contactId}/consent` })).statusCode).toBe(401);
  });
});
