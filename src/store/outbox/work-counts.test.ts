import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCampaign, insertRows, phoneNumber } from '../../outbox/test-support/fixtures.js';
import { readSyncValue, writeSyncValue } from './sync-state.js';
import { countPromotionalQueued, outstandingWork } from './work-counts.js';
import { openTempStore } from '../test-support/temp-store.js';

type TestStore = Awaited<ReturnType<typeof openTempStore>>;
let store: TestStore;
const now = new Date('2026-11-26T07:00:00.000Z');

beforeEach(async () => {
  store = await openTempStore();
});
afterEach(async () => {
  await store.dispose();
});

describe('outstandingWork', () => {
  it('counts what the worker may still send, and what waits for a verdict', async () => {
    expect(await outstandingWork(store.db, { now, holdPromotional: false })).toEqual({
      sendable: 0,
      sending: 0,
      unknown: 0,
      campaignsToMaterialise: 0,
    });
    const promo = await insertCampaign(store.db, { purpose: 'promotional' });
    const paused = await insertCampaign(store.db, { state: 'paused' });
    await insertRows(store.db, promo, [
      { phone: phoneNumber(1), promotional: true },
      { phone: phoneNumber(2), state: 'sending' },
      { phone: phoneNumber(3), state: 'unknown' },
    ]);
    await insertRows(store.db, paused, [{ phone: phoneNumber(4) }]);
    await insertRows(store.db, null, [{ phone: phoneNumber(5), nextAttemptAt: '2026-11-26T08:00:00.000Z' }]);
    expect(await outstandingWork(store.db, { now, holdPromotional: false })).toEqual({
      sendable: 2,
      sending: 1,
      unknown: 1,
      campaignsToMaterialise: 0,
    });
    expect((await outstandingWork(store.db, { now, holdPromotional: true })).sendable).toBe(1);
  });

  it('counts campaigns whose recipients are not all queued yet, scheduled ones only once due', async () => {
    const running = await insertCampaign(store.db);
    const scheduled = await insertCampaign(store.db, { state: 'scheduled' });
    await store.db.updateTable('campaigns').set({ enqueued_at: null, scheduled_at: '2026-11-26T06:00:00.000Z' }).execute();
    expect((await outstandingWork(store.db, { now, holdPromotional: false })).campaignsToMaterialise).toBe(2);
    await store.db.updateTable('campaigns').set({ scheduled_at: '2026-11-26T09:00:00.000Z' }).where('id', '=', scheduled).execute();
    await store.db.updateTable('campaigns').set({ enqueued_at: now.toISOString() }).where('id', '=', running).execute();
    expect((await outstandingWork(store.db, { now, holdPromotional: false })).campaignsToMaterialise).toBe(0);
  });
});

describe('sync state', () => {
  it('keeps one value per key', async () => {
    expect(await readSyncValue(store.db, 'k')).toBeUndefined();
    await writeSyncValue(store.db, 'k', 'one', now);
    await writeSyncValue(store.db, 'k', 'two', now);
    expect(await readSyncValue(store.db, 'k')).toBe('two');
  });
});

describe('countPromotionalQueued', () => {
  it('counts the queued promotional rows quiet hours hold: running promotional campaigns and promotional one-offs', async () => {
    expect(await countPromotionalQueued(store.db)).toBe(0);
    const promo = await insertCampaign(store.db, { purpose: 'promotional' });
    const paused = await insertCampaign(store.db, { purpose: 'promotional', state: 'paused' });
    const transactional = await insertCampaign(store.db, { purpose: 'transactional' });
    await insertRows(store.db, promo, [
      { phone: phoneNumber(1), promotional: true },
      { phone: phoneNumber(2), promotional: true },
      { phone: phoneNumber(3), promotional: true, state: 'accepted' },
    ]);
    await insertRows(store.db, paused, [{ phone: phoneNumber(4), promotional: true }]);
    await insertRows(store.db, transactional, [{ phone: phoneNumber(5) }]);
    await insertRows(store.db, null, [{ phone: phoneNumber(6), promotional: true }, { phone: phoneNumber(7) }]);
    expect(await countPromotionalQueued(store.db)).toBe(3);
  });
});
