import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageState } from '../states/index.js';
import { insertOutboxMessages } from '../store/outbox/index.js';
import { openTempStore, type TempStore } from '../store/test-support/temp-store.js';
import { campaignStats, createCampaign, listCampaigns, startCampaign } from './index.js';
import { OPT_OUT, outboxRow, seedContacts, testClock } from './test-support/fixtures.js';

let store: TempStore;
const clock = testClock();

beforeEach(async () => {
  store = await openTempStore();
  await seedContacts(store.db, 1); // a campaign nobody could receive does not start
});
afterEach(async () => {
  await store.dispose();
});

async function campaign(name: string): Promise<number> {
  return (
    await createCampaign(store.db, { name, template: 'Hi' }, { optOutText: OPT_OUT, now: clock.now, defaultCountry: 'PK', maxSegments: 10 })
  ).id;
}

describe('campaignStats', () => {
  it('counts rows by state with progress, segments and delivered rate', async () => {
    const id = await campaign('Winter');
    const other = await campaign('Other');
    await startCampaign(store.db, id, { now: clock.now });
    const states: MessageState[] = [
      'queued',
      'sending',
      'unknown',
      'accepted',
      'delivered',
      'delivered',
      'delivered',
      'failed',
      'skipped',
      'cancelled',
    ];
    await insertOutboxMessages(store.db, [
      ...states.map((state, i) => outboxRow(id, `9230010000${String(i).padStart(2, '0')}`, state, { segments: 2 })),
      outboxRow(other, '923001000001', 'delivered'),
    ]);
    const stats = await campaignStats(store.db, id);
    expect(stats.campaign).toMatchObject({ id, name: 'Winter', state: 'running' });
    expect(stats.counts).toEqual({ queued: 1, sending: 1, unknown: 1, accepted: 1, delivered: 3, failed: 1, skipped: 1, cancelled: 1 });
    expect(stats.total).toBe(10);
    expect(stats.segments).toBe(8 * 2);
    expect(stats.progress).toBeCloseTo(7 / 10);
    expect(stats.deliveredRate).toBeCloseTo(3 / 5);
  });

  it('answers zeros for a campaign with no rows yet', async () => {
    const id = await campaign('Empty');
    const stats = await campaignStats(store.db, id);
    expect(stats).toMatchObject({ total: 0, segments: 0, progress: 0, deliveredRate: null });
    expect(Object.values(stats.counts).every((n) => n === 0)).toBe(true);
  });

  it('answers not_found for an unknown campaign', async () => {
    await expect(campaignStats(store.db, 7)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('listCampaigns', () => {
  it('lists every campaign, newest first', async () => {
    expect(await listCampaigns(store.db)).toEqual([]);
    await campaign('First');
    await campaign('Second');
    expect((await listCampaigns(store.db)).map((c) => c.name)).toEqual(['Second', 'First']);
  });
});
