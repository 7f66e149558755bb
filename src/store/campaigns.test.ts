import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageState } from '../states/index.js';
import {
  cancelQueuedMessages,
  completeSettledCampaigns,
  countMessagesByState,
  findCampaignById,
  insertCampaign,
  selectAllCampaigns,
  selectAudienceContacts,
  selectCampaignsToMaterialise,
  selectDueScheduledCampaigns,
  updateCampaignWhenIn,
} from './campaigns.js';
import { setOptOut, upsertContacts } from './index.js';
import type { NewCampaign, NewOutboxMessage } from './messaging-tables.js';
import { insertOutboxMessages } from './outbox/insert-messages.js';
import { openTempStore, type TempStore } from './test-support/temp-store.js';

let store: TempStore;
const NOW = '2026-11-26T07:00:00.000Z';

beforeEach(async () => {
  store = await openTempStore();
});
afterEach(async () => {
  await store.dispose();
});

function campaign(overrides: Partial<NewCampaign> = {}): NewCampaign {
  return {
    name: 'c',
    template: 'Hi',
    type: 'text',
    purpose: 'promotional',
    state: 'draft',
    created_at: NOW,
    updated_at: NOW,
    ...overrides,
  };
}

function message(campaignId: number, phone: string, state: MessageState, segments = 1): NewOutboxMessage {
  return {
    campaign_id: campaignId,
    contact_id: null,
    phone,
    body: 'Hi',
    type: 'text',
    encoding: 'GSM-7',
    segments,
    state,
    next_attempt_at: NOW,
    created_at: NOW,
    updated_at: NOW,
  };
}

describe('campaign queries', () => {
  it('inserts, finds and lists newest first', async () => {
    const first = await insertCampaign(store.db, campaign({ name: 'first' }));
    const second = await insertCampaign(store.db, campaign({ name: 'second', audience_tags: '["vip"]' }));
    expect(first).toMatchObject({ name: 'first', audience_tags: '[]', enqueue_cursor: 0, enqueued_at: null });
    expect(await findCampaignById(store.db, second.id)).toEqual(second);
    expect(await findCampaignById(store.db, 999)).toBeUndefined();
    expect((await selectAllCampaigns(store.db)).map((c) => c.name)).toEqual(['second', 'first']);
  });

  it('updates only from the expected states (compare-and-set)', async () => {
    const { id } = await insertCampaign(store.db, campaign());
    expect(await updateCampaignWhenIn(store.db, id, ['running'], { state: 'paused' })).toBeUndefined();
    expect((await findCampaignById(store.db, id))?.state).toBe('draft');
    expect(await updateCampaignWhenIn(store.db, id, ['draft', 'scheduled'], { state: 'running' })).toMatchObject({ id, state: 'running' });
  });

  it('finds scheduled campaigns whose time came, and campaigns still to materialise', async () => {
    const due = await insertCampaign(store.db, campaign({ state: 'scheduled', scheduled_at: '2026-11-26T06:59:59.000Z' }));
    await insertCampaign(store.db, campaign({ state: 'scheduled', scheduled_at: '2026-11-26T07:00:01.000Z' }));
    expect((await selectDueScheduledCampaigns(store.db, NOW)).map((c) => c.id)).toEqual([due.id]);

    const running = await insertCampaign(store.db, campaign({ state: 'running' }));
    const paused = await insertCampaign(store.db, campaign({ state: 'paused' }));
    await insertCampaign(store.db, campaign({ state: 'running', enqueued_at: NOW }));
    await insertCampaign(store.db, campaign({ state: 'cancelled' }));
    expect((await selectCampaignsToMaterialise(store.db)).map((c) => c.id)).toEqual([running.id, paused.id]);
  });

  it('cancels only queued rows of the one campaign', async () => {
    const a = await insertCampaign(store.db, campaign());
    const b = await insertCampaign(store.db, campaign());
    await insertOutboxMessages(store.db, [
      message(a.id, '923001000001', 'queued'),
      message(a.id, '923001000002', 'sending'),
      message(b.id, '923001000001', 'queued'),
    ]);
    expect(await cancelQueuedMessages(store.db, a.id, NOW)).toBe(1);
    const rows = await store.db.selectFrom('outbox_messages').select(['campaign_id', 'state']).orderBy('id').execute();
    expect(rows.map((r) => r.state)).toEqual(['cancelled', 'sending', 'queued']);
  });

  it('counts messages and segments by state', async () => {
    const { id } = await insertCampaign(store.db, campaign());
    await insertOutboxMessages(store.db, [
      message(id, '923001000001', 'queued', 2),
      message(id, '923001000002', 'queued', 3),
      message(id, '923001000003', 'failed'),
    ]);
    const counts = await countMessagesByState(store.db, id);
    expect(counts.sort((x, y) => x.state.localeCompare(y.state))).toEqual([
      { state: 'failed', messages: 1, segments: 1, cost: 0 },
      { state: 'queued', messages: 2, segments: 5, cost: 0 },
    ]);
    expect(await countMessagesByState(store.db, 999)).toEqual([]);
  });

  it('completes running, materialised campaigns with nothing queued, sending or unknown', async () => {
    const settled = await insertCampaign(store.db, campaign({ state: 'running', enqueued_at: NOW }));
    const waiting = await insertCampaign(store.db, campaign({ state: 'running', enqueued_at: NOW }));
    const notMaterialised = await insertCampaign(store.db, campaign({ state: 'running' }));
    const paused = await insertCampaign(store.db, campaign({ state: 'paused', enqueued_at: NOW }));
    await insertOutboxMessages(store.db, [
      message(settled.id, '923001000001', 'delivered'),
      message(waiting.id, '923001000001', 'unknown'),
    ]);
    expect(await completeSettledCampaigns(store.db, NOW)).toEqual([settled.id]);
    expect(await findCampaignById(store.db, settled.id)).toMatchObject({ state: 'completed', completed_at: NOW });
    for (const id of [waiting.id, notMaterialised.id, paused.id])
      expect((await findCampaignById(store.db, id))?.state).not.toBe('completed');
  });
});

describe('selectAudienceContacts', () => {
  it('pages by id above the cursor, with any of the tags, opted-out contacts included', async () => {
    const written = await upsertContacts(store.db, [
      { phone: '923001000001', name: 'A', tags: ['vip'] },
      { phone: '923001000002', name: 'B', tags: ['new'] },
      { phone: '923001000003', name: 'C', tags: ['regular', 'vip'], fields: { coupon: 'X' } },
      { phone: '923001000004', name: 'D', tags: ['regular'] },
    ]);
    const ids = written.map((c) => c.id);
    await setOptOut(store.db, ids[3] ?? 0, { source: 'cli' });
    const everyone = await selectAudienceContacts(store.db, [], 0, 10);
    expect(everyone.map((c) => c.name)).toEqual(['A', 'B', 'C', 'D']);
    expect(everyone[3]?.opted_out_at).not.toBeNull();
    expect(everyone[2]?.fields).toBe('{"coupon":"X"}');
    expect((await selectAudienceContacts(store.db, ['VIP', 'regular'], 0, 10)).map((c) => c.name)).toEqual(['A', 'C', 'D']);
    expect((await selectAudienceContacts(store.db, ['vip', 'regular'], ids[0] ?? 0, 1)).map((c) => c.name)).toEqual(['C']);
    expect(await selectAudienceContacts(store.db, [], ids[3] ?? 0, 10)).toEqual([]);
  });
});
