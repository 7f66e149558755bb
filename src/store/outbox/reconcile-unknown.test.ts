import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCampaign, insertRows, phoneNumber, rowById } from '../../outbox/test-support/fixtures.js';
import { applyReconciliation, uidsInUse } from './reconcile-unknown.js';
import { busyMessageKeys, loadSyncNeeds } from './sync-needs.js';
import { openTempStore } from '../test-support/temp-store.js';

type TestStore = Awaited<ReturnType<typeof openTempStore>>;
let store: TestStore;
const walkStartedAt = new Date('2026-11-26T07:05:00.000Z');
const options = { now: walkStartedAt, walkStartedAt, graceMs: 60_000, nextCheckAt: new Date('2026-11-26T07:05:05.000Z') };
const SINCE = { trackSince: new Date('2026-11-23T00:00:00.000Z'), deliverySince: new Date('2026-11-26T06:05:00.000Z') };

beforeEach(async () => {
  store = await openTempStore();
  const campaign = await insertCampaign(store.db);
  await insertRows(store.db, campaign, [
    // 1, 2: lost long enough ago; 3: lost just now (still in its grace period)
    {
      phone: phoneNumber(1),
      state: 'unknown',
      claimedAt: '2026-11-26T07:00:00.000Z',
      unknownSince: '2026-11-26T07:00:10.000Z',
      claimedBy: 'w',
    },
    {
      phone: phoneNumber(2),
      state: 'unknown',
      claimedAt: '2026-11-26T07:00:00.000Z',
      unknownSince: '2026-11-26T07:00:10.000Z',
      claimedBy: 'w',
    },
    {
      phone: phoneNumber(3),
      state: 'unknown',
      claimedAt: '2026-11-26T07:04:50.000Z',
      unknownSince: '2026-11-26T07:04:55.000Z',
      claimedBy: 'w',
    },
    // 4: accepted without uid
    {
      phone: phoneNumber(4),
      state: 'accepted',
      claimedAt: '2026-11-26T07:00:00.000Z',
      sentAt: '2026-11-26T07:00:00.000Z',
      nextCheckAt: '2026-11-26T07:00:05.000Z',
    },
  ]);
});
afterEach(async () => {
  await store.dispose();
});

describe('loadSyncNeeds', () => {
  it('lists lost rows and uid-less accepted rows, and counts the tracked ones the walk should meet', async () => {
    await store.db
      .updateTable('outbox_messages')
      .set({
        state: 'accepted',
        gateway_uid: 'tracked000001',
        sent_at: '2026-11-26T06:00:00.000Z',
        next_check_at: '2026-11-26T07:00:00.000Z',
      })
      .where('id', '=', 2)
      .execute();
    const needs = await loadSyncNeeds(store.db, {
      trackSince: new Date('2026-11-23T07:00:00.000Z'),
      deliverySince: new Date('2026-11-26T05:00:00.000Z'),
    });
    expect(needs.unknown.map((r) => r.id)).toEqual([1, 3]);
    expect(needs.withoutUid.map((r) => r.id)).toEqual([4]);
    expect(needs.tracked).toEqual({ count: 1, oldestSentAt: '2026-11-26T06:00:00.000Z' });
    const later = await loadSyncNeeds(store.db, {
      trackSince: new Date('2026-11-23T07:00:00.000Z'),
      deliverySince: new Date('2026-11-26T06:30:00.000Z'),
    });
    expect(later.tracked).toEqual({ count: 0, oldestSentAt: null });
  });

  it('loads at most `unknownLimit` lost rows, oldest first, and counts them all', async () => {
    const needs = await loadSyncNeeds(store.db, { ...SINCE, unknownLimit: 2 });
    expect(needs.unknown.map((r) => r.id)).toEqual([1, 2]);
    expect(needs.unknownTotal).toBe(3);
  });

  it('loads at most `uidlessLimit` uid-less rows, oldest first', async () => {
    const campaign = await insertCampaign(store.db);
    await insertRows(
      store.db,
      campaign,
      [5, 6].map((i) => ({
        phone: phoneNumber(i),
        state: 'accepted',
        sentAt: '2026-11-26T07:00:00.000Z',
        nextCheckAt: '2026-11-26T07:00:05.000Z',
      })),
    );
    const needs = await loadSyncNeeds(store.db, { ...SINCE, uidlessLimit: 2 });
    expect(needs.withoutUid.map((r) => r.phone)).toEqual([phoneNumber(4), phoneNumber(5)]);
  });
});

describe('applyReconciliation', () => {
  it('accepts found rows with their uid, requeues missing ones past the grace, keeps the rest unknown, attaches uids', async () => {
    const needs = await loadSyncNeeds(store.db, SINCE);
    const [one, two, three] = needs.unknown;
    const [four] = needs.withoutUid;
    if (!one || !two || !three || !four) throw new Error('fixture');
    const result = await applyReconciliation(
      store.db,
      {
        found: [{ row: one, uid: 'found00000001', status: 'Enroute' }],
        attach: [{ row: four, uid: 'attach0000001', status: 'Delivered' }],
        missing: [two, three],
      },
      options,
    );
    expect(result).toEqual({ reconciled: 1, attached: 1, requeued: 1, cancelled: 0, deferred: 0 });
    expect(await rowById(store.db, 1)).toMatchObject({
      state: 'accepted',
      gateway_uid: 'found00000001',
      gateway_status: 'Enroute',
      sent_at: '2026-11-26T07:00:00.000Z',
      unknown_since: null,
      next_check_at: '2026-11-26T07:05:05.000Z',
    });
    expect(await rowById(store.db, 2)).toMatchObject({
      state: 'queued',
      next_attempt_at: walkStartedAt.toISOString(),
      error_code: 'not_sent',
      claimed_by: null,
    });
    expect(await rowById(store.db, 3)).toMatchObject({ state: 'unknown' });
    expect(await rowById(store.db, 4)).toMatchObject({ state: 'accepted', gateway_uid: 'attach0000001' });
  });

  it('defers rows whose number and text another row is sending right now', async () => {
    const needs = await loadSyncNeeds(store.db, SINCE);
    const [one] = needs.unknown;
    if (!one) throw new Error('fixture');
    await insertRows(store.db, null, [
      { phone: one.phone, body: one.body, state: 'sending', claimedBy: 'w2', claimedAt: '2026-11-26T07:04:59.000Z' },
    ]);
    expect((await busyMessageKeys(store.db, walkStartedAt)).map((k) => k.phone)).toEqual([one.phone]);
    const result = await applyReconciliation(
      store.db,
      { found: [{ row: one, uid: 'x00000000001', status: undefined }], attach: [], missing: [] },
      options,
    );
    expect(result).toMatchObject({ reconciled: 0, deferred: 1 });
    const again = await applyReconciliation(store.db, { found: [], attach: [], missing: [one] }, options);
    expect(again).toMatchObject({ requeued: 0, deferred: 1 });
    expect((await rowById(store.db, 1)).state).toBe('unknown');
  });

  it('cancels, rather than queues again, a missing row whose campaign was cancelled meanwhile', async () => {
    await store.db.updateTable('campaigns').set({ state: 'cancelled' }).execute();
    const needs = await loadSyncNeeds(store.db, SINCE);
    const [one] = needs.unknown;
    if (!one) throw new Error('fixture');
    const result = await applyReconciliation(store.db, { found: [], attach: [], missing: [one] }, options);
    expect(result).toMatchObject({ requeued: 0, cancelled: 1 });
    expect(await rowById(store.db, 1)).toMatchObject({ state: 'cancelled', final_at: walkStartedAt.toISOString(), error_code: 'not_sent' });
  });

  it('never gives a row a uid another row already owns', async () => {
    await store.db.updateTable('outbox_messages').set({ gateway_uid: 'owned0000001' }).where('id', '=', 4).execute();
    expect([...(await uidsInUse(store.db, ['owned0000001', 'free00000001']))]).toEqual(['owned0000001']);
    const needs = await loadSyncNeeds(store.db, SINCE);
    const [one] = needs.unknown;
    if (!one) throw new Error('fixture');
    const result = await applyReconciliation(
      store.db,
      { found: [{ row: one, uid: 'owned0000001', status: undefined }], attach: [], missing: [] },
      options,
    );
    expect(result.reconciled).toBe(0);
    expect((await rowById(store.db, 1)).state).toBe('unknown');
  });
});
