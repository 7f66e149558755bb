import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setOptOut } from '../store/index.js';
import { insertInboundMessage } from '../store/outbox/index.js';
import { createTestApp, errorOf, STAFF, type SignedIn, type TestApp } from './test-support/test-app.js';

// The inbox as a conversation: senders named, the thread both ways, replies through POST /api/messages.

let test: TestApp;
let staff: SignedIn;

beforeEach(async () => {
  test = await createTestApp();
  staff = await test.signIn(STAFF);
});

afterEach(async () => {
  await test.close();
});

const get = (url: string) => test.app.inject({ method: 'GET', url, headers: staff.headers });
const post = (url: string, payload: object) => test.app.inject({ method: 'POST', url, headers: staff.headers, payload });

async function received(phone: string, body: string, receivedAt: string, action: 'opt_out' | null = null): Promise<void> {
  await insertInboundMessage(
    test.store.db,
    { gatewayUid: `in-${receivedAt}`, phone, body, contactId: null, action, receivedAt },
    test.clock.now(),
  );
}

describe('the inbox list', () => {
  it('names a sender who is a saved contact (even one saved after the message came), showing the number as staff write it', async () => {
    await received('923001234567', 'Is the cafe open today?', '2026-11-26T04:00:00.000Z');
    await received('923451112233', 'Table for 4?', '2026-11-26T04:30:00.000Z');
    const before = (await get('/api/inbound')).json().items;
    expect(before.map((m: { phoneShown: string; contactName: string | null }) => [m.phoneShown, m.contactName])).toEqual([
      ['0345-1112233', null],
      ['0300-1234567', null],
    ]);

    const saved = await post('/api/contacts', { phone: '0345 1112233', name: 'Hamza' });
    expect(saved.statusCode).toBe(201);
    const after = (await get('/api/inbound')).json().items;
    expect(after[0]).toMatchObject({ phone: '923451112233', contactId: saved.json().id, contactName: 'Hamza', body: 'Table for 4?' });
  });
});

describe('a conversation', () => {
  it('holds both ways in time order, with who it is, and a reply joins it', async () => {
    await post('/api/contacts', { phone: '0300-1234567', name: 'Ayesha' });
    await received('923001234567', 'Is the cafe open today?', '2026-11-26T04:00:00.000Z');
    test.clock.set('2026-11-26T04:10:00.000Z');
    const reply = await post('/api/messages', { phone: '0300-1234567', message: 'Yes, until 11 pm!' });
    expect(reply.statusCode, reply.body).toBe(202);
    await received('923001234567', 'Great, thanks', '2026-11-26T04:20:00.000Z');
    await received('923009999999', 'Someone else', '2026-11-26T04:15:00.000Z');

    const answer = await get(`/api/inbound/conversation?phone=${encodeURIComponent('0300 1234567')}`);
    expect(answer.statusCode, answer.body).toBe(200);
    const conversation = answer.json();
    expect(conversation).toMatchObject({ phone: '923001234567', phoneShown: '0300-1234567', contact: { name: 'Ayesha', optedOut: false } });
    expect(conversation.items.map((m: { direction: string; body: string }) => [m.direction, m.body])).toEqual([
      ['in', 'Is the cafe open today?'],
      ['out', 'Yes, until 11 pm!'],
      ['in', 'Great, thanks'],
    ]);
    expect(conversation.items[1]).toMatchObject({ state: 'queued', campaignId: null, at: '2026-11-26T04:10:00.000Z' });
  });

  it('of an unknown sender has no contact; a bad or missing number is refused, naming the field', async () => {
    await received('923451112233', 'Hello?', '2026-11-26T04:00:00.000Z');
    expect((await get('/api/inbound/conversation?phone=923451112233')).json()).toMatchObject({
      contact: null,
      items: [{ direction: 'in' }],
    });
    expect(errorOf(await get('/api/inbound/conversation?phone=12'))).toMatchObject({ statusCode: 400, field: 'phone' });
    expect(errorOf(await get('/api/inbound/conversation'))).toMatchObject({ statusCode: 400, field: 'phone' });
  });

  it('refuses a reply to a customer who opted out, and nothing joins the thread', async () => {
    const contact = (await post('/api/contacts', { phone: '0300-1234567', name: 'Ayesha' })).json();
    await setOptOut(test.store.db, contact.id, { source: 'inbound', reason: 'Replied "STOP"', now: test.clock.now() });
    const reply = await post('/api/messages', { phone: '0300-1234567', message: 'Come back!' });
    expect(errorOf(reply)).toMatchObject({ statusCode: 409, code: 'conflict', field: 'phone' });
    expect((await get('/api/inbound/conversation?phone=0300-1234567')).json()).toMatchObject({ contact: { optedOut: true }, items: [] });
  });
});
