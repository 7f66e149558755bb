import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCampaign, insertRows, phoneNumber, rowById } from '../../outbox/test-support/fixtures.js';
import { countTracked, dueDeliveryChecks, scheduleDeliveryCheck, stopTrackingOld, updateDelivery } from './update-delivery.js';
import { openTempStore } from '../test-support/temp-store.js';

type TestStore = Awaited<ReturnType<typeof openTempStore>>;
let store: TestStore;
const now = new Date('2026-11-26T08:00:00.000Z');
const trackSince = new Date('2026-11-23T08:00:00.000Z');
const later = new Date('2026-11-26T08:01:00.000Z');

beforeEach(async () => {
  store = await openTempStore();
  const campaign = await insertCampaign(store.db);
  const accepted = (i: number, sentAt: string, nextCheckAt: string | null = '2026-11-26T07:59:00.000Z') => ({
    phone: phoneNumber(i),
    state: 'accepted' as const,
    gatewayUid: `uid00000000${i}`,
    sentAt,
    nextCheckAt,
  });
  await insertRows(store.db, campaign, [
    accepted(1, '2026-11-26T07:00:00.000Z'),
    accepted(2, '2026-11-26T07:00:00.000Z'),
    accepted(3, '2026-11-26T07:00:00.000Z'),
    accepted(4, '2026-11-20T07:00:00.000Z'),
    accepted(5, '2026-11-26T07:00:00.000Z', '2026-11-26T09:00:00.000Z'),
  ]);
});
afterEach(async () => {
  await store.dispose();
});

describe('updateDelivery', () => {
  it('finalises delivered and failed rows and refreshes pending ones', async () => {
    const result = await updateDelivery(
      store.db,
      [
        { id: 1, uid: 'uid000000001', state: 'delivered', status: 'Delivered|prov-1', nextCheckAt: later },
        { id: 2, uid: 'uid000000002', state: 'failed', status: 'Undelivered', nextCheckAt: later },
        { id: 3, uid: 'uid000000003', state: 'pending', status: 'Enroute', nextCheckAt: later },
        { id: 5, uid: 'wrong-uid0001', state: 'delivered', status: 'Delivered', nextCheckAt: later },
      ],
      { now },
    );
    expect(result).toEqual({ delivered: 1, failed: 1, updated: 1 });
    expect(await rowById(store.db, 1)).toMatchObject({
      state: 'delivered',
      gateway_status: 'Delivered|prov-1',
      final_at: now.toISOString(),
      next_check_at: null,
    });
    expect(await rowById(store.db, 2)).toMatchObject({
      state: 'failed',
      error_code: 'undelivered',
      error_message: 'The gateway reported: Undelivered',
    });
    expect(await rowById(store.db, 3)).toMatchObject({ state: 'accepted', gateway_status: 'Enroute', next_check_at: later.toISOString() });
    expect((await rowById(store.db, 5)).state).toBe('accepted');
    const same = await updateDelivery(store.db, [{ id: 3, uid: 'uid000000003', state: 'pending', status: 'Enroute', nextCheckAt: later }], {
      now,
    });
    expect(same.updated).toBe(0);
  });
});

describe('delivery checks', () => {
  it('lists due rows within the tracking window, counts and reschedules them, and gives up after it', async () => {
    expect((await dueDeliveryChecks(store.db, { now, trackSince, limit: 10 })).map((r) => r.id)).toEqual([1, 2, 3]);
    expect(await countTracked(store.db, { trackSince })).toBe(4);
    await scheduleDeliveryCheck(store.db, 1, later);
    expect((await dueDeliveryChecks(store.db, { now, trackSince, limit: 10 })).map((r) => r.id)).toEqual([2, 3]);
    expect(await stopTrackingOld(store.db, { trackSince })).toBe(1);
    expect(await rowById(store.db, 4)).toMatchObject({ state: 'accepted', next_check_at: null });
  });
});

describe('stopTrackingOld', () => {
  it('gives up uid-less rows sooner, and leaves recent ones', async () => {
    const campaign = await insertCampaign(store.db);
    await insertRows(store.db, campaign, [
      { phone: phoneNumber(20), state: 'accepted', sentAt: '2026-11-26T06:00:00.000Z', nextCheckAt: '2026-11-26T07:00:00.000Z' },
      { phone: phoneNumber(21), state: 'accepted', sentAt: '2026-11-26T07:30:00.000Z', nextCheckAt: '2026-11-26T07:40:00.000Z' },
    ]);
    const stopped = await stopTrackingOld(store.db, { trackSince, uidlessSince: new Date('2026-11-26T07:00:00.000Z') });
    expect(stopped).toBe(2); // the 72-hour-old row from the fixture and the uid-less 06:00 one
    const rows = await store.db
      .selectFrom('outbox_messages')
      .select(['phone', 'next_check_at'])
      .where('gateway_uid', 'is', null)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { phone: phoneNumber(20), next_check_at: null },
      { phone: phoneNumber(21), next_check_at: '2026-11-26T07:40:00.000Z' },
    ]);
  });
});
