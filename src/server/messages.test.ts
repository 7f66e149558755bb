import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/index.js';
import { createGatewayClient } from '../gateway/index.js';
import { createWorker } from '../outbox/index.js';
import { startSimulator, type Simulator } from '../simulator/index.js';
import { movingClock } from '../outbox/test-support/fixtures.js';
import { createTestApp, errorOf, STAFF, type SignedIn, type TestApp } from './test-support/test-app.js';

let test: TestApp;
let admin: SignedIn;

beforeEach(async () => {
  test = await createTestApp({ now: () => new Date() });
  admin = await test.signIn();
});

afterEach(async () => {
  await test.close();
});

function send(payload: unknown, key?: string, headers: Record<string, string> = admin.headers) {
  return test.app.inject({
    method: 'POST',
    url: '/api/messages',
    headers: { ...headers, ...(key === undefined ? {} : { 'idempotency-key': key }) },
    payload: payload as object,
  });
}
const get = (url: string) => test.app.inject({ method: 'GET', url, headers: admin.headers });
const outboxRows = () => test.store.db.selectFrom('outbox_messages').selectAll().execute();

describe('POST /api/messages', () => {
  it('queues a one-off transactional message and answers 202 with the outbox view', async () => {
    const response = await send({ phone: '0300 1234567', message: 'Your order is ready' });
    expect(response.statusCode).toBe(202);
    expect(response.json().message).toMatchObject({
      id: 1,
      campaignId: null,
      phone: '923001234567',
      body: 'Your order is ready',
      type: 'text',
      encoding: 'GSM-7',
      segments: 1,
      state: 'queued',
      gatewayUid: null,
      attempts: 0,
    });
    const [row] = await outboxRows();
    expect(row).toMatchObject({ priority: 10, promotional: 0, campaign_id: null });
  });

  it('answers 409 naming phone for a customer who opted out, and queues nothing', async () => {
    const contact = await test.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: admin.headers,
      payload: { phone: '0300 1234567', name: 'Ayesha' },
    });
    const id = contact.json<{ id: number }>().id;
    expect(
      (await test.app.inject({ method: 'POST', url: `/api/contacts/${id}/opt-out`, headers: admin.headers, payload: {} })).statusCode,
    ).toBe(200);
    const response = await send({ phone: '03001234567', message: 'Your order is ready' });
    expect(response.statusCode).toBe(409);
    expect(errorOf(response)).toMatchObject({ code: 'conflict', field: 'phone', message: expect.stringMatching(/opted out/) });
    expect(await outboxRows()).toHaveLength(0);
  });

  it('names the field of every invalid input', async () => {
    const cases: Array<[unknown, string]> = [
      [{ message: 'Hi' }, 'phone'],
      [{ phone: '12', message: 'Hi' }, 'phone'],
      [{ phone: '03001234567' }, 'message'],
      [{ phone: '03001234567', message: '  ' }, 'message'],
      [{ phone: '03001234567', message: 'x'.repeat(1601) }, 'message'],
      [{ phone: '03001234567', message: 'Hi', type: 'fax' }, 'type'],
      [{ phone: '03001234567', message: 'not a url', type: 'image' }, 'message'],
      [{ phone: '03001234567', message: 'Hi', to: 'x' }, 'to'],
    ];
    for (const [payload, field] of cases) {
      const response = await send(payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(errorOf(response).field, response.body).toBe(field);
    }
    const badKey = await send({ phone: '03001234567', message: 'Hi' }, 'x'.repeat(201));
    expect(errorOf(badKey)).toMatchObject({ statusCode: 400, field: 'idempotency-key' });
    const spaced = await send({ phone: '03001234567', message: 'Hi' }, 'has space');
    expect(errorOf(spaced)).toMatchObject({ statusCode: 400, field: 'idempotency-key' });
    expect(await outboxRows()).toHaveLength(0);
  });

  it('with an Idempotency-Key: the same request again answers the first answer, marked replayed, and makes no second row', async () => {
    const first = await send({ phone: '03001234567', message: 'Table 4 is ready' }, 'order-77');
    expect(first.statusCode).toBe(202);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await send({ phone: '03001234567', message: 'Table 4 is ready' }, 'order-77');
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await outboxRows()).toHaveLength(1);
  });

  it('a retry that writes the number another way is the same request: replayed, not a 409', async () => {
    const first = await send({ phone: '03001230001', message: 'Order 1001 is ready' }, 'order-1001');
    const again = await send({ phone: '+92 300 1230001', message: 'Order 1001 is ready' }, 'order-1001');
    expect(first.statusCode).toBe(202);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().message.id).toBe(first.json().message.id);
    expect(await outboxRows()).toHaveLength(1);
  });

  it('the same key with a different body is a 409, and nothing is queued for it', async () => {
    await send({ phone: '03001234567', message: 'Table 4 is ready' }, 'order-77');
    const other = await send({ phone: '03001234567', message: 'Table 5 is ready' }, 'order-77');
    expect(other.statusCode).toBe(409);
    expect(errorOf(other)).toMatchObject({ code: 'conflict', field: 'Idempotency-Key' });
    expect(await outboxRows()).toHaveLength(1);
  });

  it('parallel duplicates make exactly one row and all get the same message', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => send({ phone: '03001234567', message: 'Once only' }, 'burst-1')));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 202]);
    expect(new Set(answers.map((a) => a.json().message.id)).size).toBe(1);
    expect(await outboxRows()).toHaveLength(1);
  });

  it('keys are per caller: another user or an API key using the same key sends its own message', async () => {
    await send({ phone: '03001234567', message: 'Hi' }, 'same-key');
    const staff = await test.signIn(STAFF);
    expect((await send({ phone: '03001234567', message: 'Hi' }, 'same-key', staff.headers)).statusCode).toBe(202);
    const key = await test.apiKey();
    expect((await send({ phone: '03001234567', message: 'Hi' }, 'same-key', { authorization: `Bearer ${key}` })).statusCode).toBe(202);
    expect(await outboxRows()).toHaveLength(3);
    expect((await send({ phone: '03001234567', message: 'Hi' }, 'same-key', { authorization: `Bearer ${key}` })).statusCode).toBe(200);
  });

  it('forgets stored answers after a week, and even then a repeat gets the same message, not a second one', async () => {
    const timed = await createTestApp();
    try {
      // An API key, which (unlike a session) does not expire over the week that passes.
      const headers = { authorization: `Bearer ${await timed.apiKey()}` };
      const request = () =>
        timed.app.inject({
          method: 'POST',
          url: '/api/messages',
          headers: { ...headers, 'idempotency-key': 'old-1' },
          payload: { phone: '03001234567', message: 'Hi' },
        });
      const first = await request();
      timed.clock.advance(8 * 24 * 3_600_000);
      await timed.app.inject({
        method: 'POST',
        url: '/api/messages',
        headers: { ...headers, 'idempotency-key': 'other' },
        payload: { phone: '03001234567', message: 'Yo' },
      });
      expect(await timed.store.db.selectFrom('idempotency_keys').select('key').execute()).toEqual([{ key: 'other' }]);
      const late = await request();
      expect(late.json().message.id).toBe(first.json().message.id);
      expect(await timed.store.db.selectFrom('outbox_messages').selectAll().execute()).toHaveLength(2);
    } finally {
      await timed.close();
    }
  });

  it('one SMS reaches the gateway for a key sent twice, once the worker has run', async () => {
    const sim: Simulator = await startSimulator({ token: 'server-test', deliveryDelayMs: 60_000 });
    try {
      await send({ phone: '03001234567', message: 'Your table is ready' }, 'k-1');
      await send({ phone: '03001234567', message: 'Your table is ready' }, 'k-1');
      const client = createGatewayClient({
        baseUrl: sim.url,
        token: new Secret('server-test'),
        senderId: 'Cafe de Revenue',
        maxAttempts: 2,
        retryBaseDelayMs: 5,
      });
      const worker = createWorker({
        db: test.store.db,
        client,
        sendRate: 100,
        concurrency: 1,
        quietHours: null,
        reconcileGraceMs: 0,
        idlePollMs: 10,
      });
      await worker.runUntilIdle();
      expect(sim.sentTo('923001234567')).toHaveLength(1);
      const replay = await send({ phone: '03001234567', message: 'Your table is ready' }, 'k-1');
      expect(replay.json().message.state).toBe('queued');
      const now = (await get('/api/messages/1')).json();
      expect(now).toMatchObject({ state: 'accepted', gatewayUid: sim.sentTo('923001234567')[0]?.uid, attempts: 1 });
      expect(now.sentAt).not.toBeNull();
      await worker.runUntilIdle();
      expect(sim.sentTo('923001234567')).toHaveLength(1);
    } finally {
      await sim.close();
    }
  });
});

describe('messages as staff see them: number, name and what became of it', () => {
  it('answers the number as staff write it, the contact’s name, and "waiting" for a queued message', async () => {
    await test.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: admin.headers,
      payload: { phone: '0300 1234567', name: 'Ayesha Khan' },
    });
    const named = (await send({ phone: '+92 300 1234567', message: 'Your order is ready' })).json().message;
    expect(named).toMatchObject({
      phone: '923001234567',
      phoneShown: '0300-1234567',
      contactName: 'Ayesha Khan',
      shownAs: { stage: 'waiting', label: 'Waiting', detail: 'in the outbox, waiting its turn to be sent' },
    });
    const stranger = (await send({ phone: '03007654321', message: 'Your order is ready' })).json().message;
    expect(stranger).toMatchObject({ phoneShown: '0300-7654321', contactName: null });
    const listed = (await get('/api/messages')).json().items;
    expect(listed.map((m: { phoneShown: string; contactName: string | null }) => [m.phoneShown, m.contactName])).toEqual([
      ['0300-7654321', null],
      ['0300-1234567', 'Ayesha Khan'],
    ]);
    expect((await get(`/api/messages/${named.id}`)).json()).toMatchObject({ phoneShown: '0300-1234567', contactName: 'Ayesha Khan' });
  });

  it('says "Sent to the gateway" for the gateway’s send-time "Delivered", then what the delivery report said', async () => {
    // One clock for the simulator and the worker (from the app's real now), moved past the delivery delay.
    const clock = movingClock(new Date().toISOString());
    const sim: Simulator = await startSimulator({ token: 'server-test', deliveryDelayMs: 60_000, now: () => clock.now().getTime() });
    try {
      const undelivered = (await send({ phone: '03001234560', message: 'Your order is ready' })).json().message;
      const delivered = (await send({ phone: '03001234561', message: 'Your order is ready' })).json().message;
      const client = createGatewayClient({
        baseUrl: sim.url,
        token: new Secret('server-test'),
        senderId: 'Cafe de Revenue',
        maxAttempts: 2,
        retryBaseDelayMs: 5,
      });
      const worker = () =>
        createWorker({
          db: test.store.db,
          client,
          sendRate: 100,
          concurrency: 1,
          quietHours: null,
          reconcileGraceMs: 0,
          idlePollMs: 10,
          trackIntervalMs: 20,
          now: clock.now,
        });
      await worker().runUntilIdle();
      const sent = (await get(`/api/messages/${undelivered.id}`)).json();
      // The send answered "Delivered" (accepted); a first look at the list may already say "Enroute".
      expect(sent).toMatchObject({ state: 'accepted', gatewayStatus: expect.stringMatching(/^(Delivered|Enroute)$/) });
      expect(sent.shownAs).toEqual({
        stage: 'sent',
        label: 'Sent to the gateway',
        detail:
          sent.gatewayStatus === 'Delivered'
            ? 'the gateway said: Delivered (this means it accepted the message); waiting for the delivery report'
            : 'the gateway said: Enroute (on its way to the phone); waiting for the delivery report',
      });

      clock.advance(61_000);
      await worker().runUntilIdle();
      expect((await get(`/api/messages/${undelivered.id}`)).json().shownAs).toEqual({
        stage: 'not_delivered',
        label: 'Not delivered',
        detail: 'the delivery report said: Undelivered (the phone network could not deliver it)',
      });
      expect((await get(`/api/messages/${delivered.id}`)).json().shownAs).toEqual({
        stage: 'delivered',
        label: 'Delivered',
        detail: 'the delivery report said: Delivered',
      });
      expect((await get('/api/messages?stage=not_delivered')).json().items.map((m: { id: number }) => m.id)).toEqual([undelivered.id]);
    } finally {
      await sim.close();
    }
  });

  it('filters by what staff see: a failed send and a failed delivery are told apart', async () => {
    await send({ phone: '03001111111', message: 'one' });
    await send({ phone: '03002222222', message: 'two' });
    await send({ phone: '03003333333', message: 'three' });
    const db = test.store.db;
    await db
      .updateTable('outbox_messages')
      .set({ state: 'failed', error_code: 'undelivered', gateway_status: 'Expired' })
      .where('id', '=', 1)
      .execute();
    await db
      .updateTable('outbox_messages')
      .set({ state: 'failed', error_code: 'rejected', error_message: 'Number contains in the blacklist' })
      .where('id', '=', 2)
      .execute();
    const ids = async (stage: string) => (await get(`/api/messages?stage=${stage}`)).json().items.map((m: { id: number }) => m.id);
    expect(await ids('not_delivered')).toEqual([1]);
    expect(await ids('failed')).toEqual([2]);
    expect(await ids('waiting')).toEqual([3]);
    expect(await ids('delivered')).toEqual([]);
    expect((await get('/api/messages/2')).json().shownAs).toEqual({
      stage: 'failed',
      label: 'Failed',
      detail: 'Number contains in the blacklist',
    });
    expect(errorOf(await get('/api/messages?stage=Delivered'))).toMatchObject({
      statusCode: 400,
      field: 'stage',
      message: expect.stringContaining('not_delivered'),
    });
  });
});

describe('GET /api/messages', () => {
  beforeEach(async () => {
    await send({ phone: '03001111111', message: 'one' });
    await send({ phone: '03002222222', message: 'two' });
    await send({ phone: '03003333333', message: 'three' });
    await test.store.db
      .updateTable('outbox_messages')
      .set({ state: 'failed', created_at: '2026-01-01T00:00:00.000Z' })
      .where('id', '=', 2)
      .execute();
  });

  it('lists newest first with a total and filters by state, phone and dates', async () => {
    const ids = async (query: string) => {
      const body = (await get(`/api/messages?${query}`)).json();
      return { ids: body.items.map((m: { id: number }) => m.id), total: body.total };
    };
    expect(await ids('')).toEqual({ ids: [3, 2, 1], total: 3 });
    expect(await ids('state=failed')).toEqual({ ids: [2], total: 1 });
    expect(await ids('phone=0300-333')).toEqual({ ids: [3], total: 1 });
    expect(await ids('to=2026-02-01T00:00:00Z')).toEqual({ ids: [2], total: 1 });
    expect(await ids('from=2026-02-01T00:00:00%2B05:00')).toEqual({ ids: [3, 1], total: 2 });
    expect(await ids('limit=1&offset=1')).toEqual({ ids: [2], total: 3 });
    expect(await ids('campaignId=5')).toEqual({ ids: [], total: 0 });
  });

  it('refuses bad filters, naming them', async () => {
    for (const [query, field] of [
      ['state=lost', 'state'],
      ['from=yesterday', 'from'],
      ['campaignId=x', 'campaignId'],
      ['limit=501', 'limit'],
      // No digits to look for: it would match every message.
      ['phone=abc', 'phone'],
      ['phone=0000', 'phone'],
    ] as const) {
      expect(errorOf(await get(`/api/messages?${query}`)), query).toMatchObject({ statusCode: 400, field });
    }
  });

  it('gets one message, or 404', async () => {
    expect((await get('/api/messages/2')).json()).toMatchObject({ id: 2, state: 'failed', body: 'two' });
    expect(errorOf(await get('/api/messages/99'))).toMatchObject({ statusCode: 404, code: 'not_found' });
  });

  it('counts today’s messages on the overview', async () => {
    const overview = (await get('/api/overview')).json();
    expect(overview.today).toEqual({ sent: 0, delivered: 0, failed: 0, pending: 2 });
  });
});
