import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findContactByPhone, listConsentEvents } from '../store/index.js';
import { listInboundMessages } from '../store/outbox/index.js';
import { addContact, allRows, insertCampaign, insertRows, phoneNumber, statesOf } from './test-support/fixtures.js';
import { createHarness, type Harness } from './test-support/worker-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.dispose();
});

const HOUR = 3_600_000;

describe('worker: delivery tracking', () => {
  it('follows a few messages one by one to delivered or failed (last digit 0 undelivered, 9 expired)', async () => {
    const campaign = await insertCampaign(h.store.db);
    await insertRows(
      h.store.db,
      campaign,
      [1, 10, 9].map((i) => ({ phone: phoneNumber(i) })),
    );
    await h.worker().runUntilIdle();
    expect(statesOf(await allRows(h.store.db))).toEqual({ accepted: 3 });
    // A reply is now the newest record; a walk reads it and remembers it as where the list was read to.
    h.sim.injectInbound({ from: phoneNumber(50), message: 'Thanks' });
    await h.worker().runUntilIdle();
    h.clock.advance(61_000);
    // No skew margin: the list walk stops right below that reply, so these are asked about one by one.
    const summary = await h.worker({ skewMarginMs: 0 }).runUntilIdle();
    expect(summary).toMatchObject({ delivered: 1, undelivered: 2 });
    const rows = await allRows(h.store.db);
    expect(rows.map((r) => [r.state, r.gateway_status])).toEqual([
      ['delivered', 'Delivered'],
      ['failed', 'Undelivered'],
      ['failed', 'Expired'],
    ]);
    expect(rows[1]).toMatchObject({ error_code: 'undelivered', next_check_at: null });
    expect(h.sim.stats().byOperation.get).toBeGreaterThanOrEqual(3);
  });

  it('walks the list instead when many messages are pending', async () => {
    const campaign = await insertCampaign(h.store.db);
    await insertRows(
      h.store.db,
      campaign,
      Array.from({ length: 30 }, (_, i) => ({ phone: phoneNumber(i + 1) })),
    );
    await h.worker().runUntilIdle();
    h.clock.advance(61_000);
    const getsBefore = h.sim.stats().byOperation.get ?? 0;
    const summary = await h.worker().runUntilIdle();
    expect(summary.delivered + summary.undelivered).toBe(30);
    expect(statesOf(await allRows(h.store.db))).toEqual({ delivered: 24, failed: 6 });
    expect(h.sim.stats().byOperation.get ?? 0).toBe(getsBefore);
  });

  it('asks one by one about messages older than the walk window instead of walking back to them', async () => {
    h.sim.setOptions({ deliveryDelayMs: 3 * HOUR });
    const campaign = await insertCampaign(h.store.db);
    await insertRows(
      h.store.db,
      campaign,
      Array.from({ length: 25 }, (_, i) => ({ phone: phoneNumber(i + 1) })),
    );
    await h.worker().runUntilIdle();
    h.clock.advance(2 * HOUR);
    await h.worker().runUntilIdle(); // still Enroute; the inbound watermark moves up to now
    h.clock.advance(1.5 * HOUR);
    const getsBefore = h.sim.stats().byOperation.get ?? 0;
    // One walk in this run (the harness walks every 20 ms; a slow machine would fit a second one in).
    const summary = await h.worker({ deliveryWalkWindowMs: HOUR, trackIntervalMs: 60_000 }).runUntilIdle();
    expect((h.sim.stats().byOperation.get ?? 0) - getsBefore).toBe(20);
    expect(summary.delivered + summary.undelivered).toBe(20);
  });

  it('checks again later when the gateway does not know a uid', async () => {
    const campaign = await insertCampaign(h.store.db);
    const sentAt = h.clock.now().toISOString();
    await insertRows(h.store.db, campaign, [
      { phone: phoneNumber(1), state: 'accepted', gatewayUid: 'abcdefabcdef1', sentAt, nextCheckAt: sentAt },
    ]);
    await h.worker().runUntilIdle();
    const [row] = await allRows(h.store.db);
    expect(row?.state).toBe('accepted');
    expect(Date.parse(row?.next_check_at ?? '')).toBeGreaterThan(Date.parse(sentAt));
  });

  it('gives up tracking after 72 hours, leaving the message accepted', async () => {
    const campaign = await insertCampaign(h.store.db);
    await insertRows(h.store.db, campaign, [{ phone: phoneNumber(1) }]);
    await h.worker().runUntilIdle();
    h.clock.advance(73 * HOUR);
    h.sim.setOptions({ deliveryDelayMs: 100 * HOUR });
    await h.worker().runUntilIdle();
    const [row] = await allRows(h.store.db);
    expect(row).toMatchObject({ state: 'accepted', next_check_at: null });
  });
});

describe('worker: inbound messages', () => {
  it('acts on STOP, Urdu, START and configured keywords, once per message', async () => {
    await addContact(h.store.db, phoneNumber(1));
    await addContact(h.store.db, phoneNumber(3), { optedOut: true });
    await addContact(h.store.db, phoneNumber(4));
    await addContact(h.store.db, phoneNumber(5));
    h.sim.injectInbound({ from: phoneNumber(1), message: 'STOP' });
    h.sim.injectInbound({ from: phoneNumber(2), message: 'بند' });
    h.sim.injectInbound({ from: phoneNumber(3), message: 'stop.' });
    h.sim.injectInbound({ from: phoneNumber(3), message: 'Start' });
    h.sim.injectInbound({ from: phoneNumber(4), message: 'Bas' });
    h.sim.injectInbound({ from: phoneNumber(5), message: 'Is the cafe open?' });
    const summary = await h.worker({ optOutKeywords: ['bas'] }).runUntilIdle();
    expect(summary).toMatchObject({ inbound: 6, optedOut: 3, optedIn: 1 });

    const one = await findContactByPhone(h.store.db, phoneNumber(1));
    expect(one?.optedOutAt).not.toBeNull();
    expect(await listConsentEvents(h.store.db, one?.id ?? 0)).toMatchObject([
      { change: 'opt_out', source: 'inbound', reason: 'Replied "STOP"' },
    ]);
    const stranger = await findContactByPhone(h.store.db, phoneNumber(2));
    expect(stranger?.optedOutAt).not.toBeNull();
    const three = await findContactByPhone(h.store.db, phoneNumber(3));
    expect(three?.optedOutAt).toBeNull();
    expect((await listConsentEvents(h.store.db, three?.id ?? 0)).map((e) => [e.change, e.source])).toEqual([
      ['opt_out', 'cli'],
      ['opt_in', 'inbound'],
    ]);
    expect((await findContactByPhone(h.store.db, phoneNumber(4)))?.optedOutAt).not.toBeNull();
    expect((await findContactByPhone(h.store.db, phoneNumber(5)))?.optedOutAt).toBeNull();

    const stored = await listInboundMessages(h.store.db);
    expect(stored).toHaveLength(6);
    expect(stored.find((m) => m.phone === phoneNumber(2))).toMatchObject({ body: 'بند', action: 'opt_out' });
    expect(stored.find((m) => m.phone === phoneNumber(5))).toMatchObject({ action: null });

    const again = await h.worker({ optOutKeywords: ['bas'] }).runUntilIdle();
    expect(again.inbound).toBe(0);
  });

  it('honours a STOP that arrives while the customer’s message waits in the queue', async () => {
    const campaign = await insertCampaign(h.store.db, { state: 'paused' });
    await addContact(h.store.db, phoneNumber(6));
    await insertRows(h.store.db, campaign, [{ phone: phoneNumber(6) }, { phone: phoneNumber(7) }]);
    h.sim.injectInbound({ from: phoneNumber(6), message: 'UNSUBSCRIBE' });
    await h.worker().runUntilIdle();
    await h.store.db.updateTable('campaigns').set({ state: 'running' }).execute();
    const summary = await h.worker().runUntilIdle();
    expect(summary).toMatchObject({ skipped: 1, accepted: 1 });
    expect(h.sim.sentTo(phoneNumber(6))).toHaveLength(0);
  });
});
