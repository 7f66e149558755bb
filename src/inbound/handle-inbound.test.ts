import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findContactByPhone, listConsentEvents } from '../store/index.js';
import { listInboundMessages } from '../store/outbox/index.js';
import { addContact } from '../outbox/test-support/fixtures.js';
import { handleInbound } from './handle-inbound.js';
import { createKeywordMatcher } from './keywords.js';
import { openTempStore } from '../store/test-support/temp-store.js';

type TestStore = Awaited<ReturnType<typeof openTempStore>>;
let store: TestStore;
const now = new Date('2026-11-26T07:00:00.000Z');
const deps = { matcher: createKeywordMatcher(), defaultCountry: 'PK', now };
const sms = (uid: string, from: string, body: string) => ({ uid, from, body, receivedAt: '2026-11-26T06:59:00.000Z' });

beforeEach(async () => {
  store = await openTempStore();
});
afterEach(async () => {
  await store.dispose();
});

describe('handleInbound', () => {
  it('opts out a known customer once, recording the reply and the consent event', async () => {
    const id = await addContact(store.db, '923001234567');
    const first = await handleInbound(store.db, sms('in0000000001', '+92 300 1234567', 'Stop!'), deps);
    expect(first).toEqual({ stored: true, phone: '923001234567', action: 'opt_out', consentChanged: true });
    const repeat = await handleInbound(store.db, sms('in0000000001', '+92 300 1234567', 'Stop!'), deps);
    expect(repeat.stored).toBe(false);
    const second = await handleInbound(store.db, sms('in0000000002', '923001234567', 'STOP'), deps);
    expect(second).toMatchObject({ stored: true, consentChanged: false });
    expect(await listConsentEvents(store.db, id)).toMatchObject([{ change: 'opt_out', source: 'inbound', reason: 'Replied "Stop!"' }]);
    const stored = await listInboundMessages(store.db);
    expect(stored.map((m) => [m.gateway_uid, m.contact_id, m.action, m.received_at])).toEqual([
      ['in0000000002', id, 'opt_out', '2026-11-26T06:59:00.000Z'],
      ['in0000000001', id, 'opt_out', '2026-11-26T06:59:00.000Z'],
    ]);
  });

  it('creates an unknown sender as an opted-out contact so the opt-out sticks', async () => {
    await handleInbound(store.db, sms('in0000000003', '923009876543', 'ختم'), deps);
    expect((await findContactByPhone(store.db, '923009876543'))?.optedOutAt).toBe(now.toISOString());
  });

  it('stores an unknown sender’s START or chat without creating a contact', async () => {
    const result = await handleInbound(store.db, sms('in0000000004', '923009876543', 'START'), deps);
    expect(result).toMatchObject({ stored: true, action: 'opt_in', consentChanged: false });
    expect(await findContactByPhone(store.db, '923009876543')).toBeUndefined();
    expect((await listInboundMessages(store.db))[0]).toMatchObject({ contact_id: null, action: 'opt_in' });
  });

  it('keeps a message from a short code it cannot read as a phone, without a contact', async () => {
    const result = await handleInbound(store.db, sms('in0000000005', '8001', 'STOP'), deps);
    expect(result).toMatchObject({ stored: true, phone: '8001', consentChanged: false });
  });
});
