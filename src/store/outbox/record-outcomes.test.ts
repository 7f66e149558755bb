import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCampaign, insertRows, phoneNumber, rowById } from '../../outbox/test-support/fixtures.js';
import { claimBatch } from './claim-batch.js';
import { recordOutcomes, type OutcomeUpdate } from './record-outcomes.js';
import { openTempStore } from '../test-support/temp-store.js';

type TestStore = Awaited<ReturnType<typeof openTempStore>>;
let store: TestStore;
const claimedAt = new Date('2026-11-26T07:00:00.000Z');
const now = new Date('2026-11-26T07:00:02.000Z');
const options = { workerId: 'w1', now, sentAt: new Date('2026-11-26T07:00:01.000Z') };

beforeEach(async () => {
  store = await openTempStore();
  const campaign = await insertCampaign(store.db);
  await insertRows(
    store.db,
    campaign,
    [1, 2, 3, 4].map((i) => ({ phone: phoneNumber(i) })),
  );
  await claimBatch(store.db, { workerId: 'w1', now: claimedAt, limit: 50, holdPromotional: false });
});
afterEach(async () => {
  await store.dispose();
});

describe('recordOutcomes', () => {
  it('writes each outcome as the next state of its row', async () => {
    const result = await recordOutcomes(
      store.db,
      [
        {
          id: 1,
          state: 'accepted',
          uid: 'aaaaaaaaaaaa1',
          status: 'Delivered',
          cost: 2.5,
          nextCheckAt: new Date('2026-11-26T07:00:07.000Z'),
        },
        {
          id: 2,
          state: 'queued',
          nextAttemptAt: new Date('2026-11-26T07:00:05.000Z'),
          errorCode: 'rate_limited',
          errorMessage: 'Too Many Attempts.',
          refundAttempt: true,
        },
        { id: 3, state: 'failed', errorCode: 'refused', errorMessage: 'Number contains in the blacklist' },
        { id: 4, state: 'unknown', errorCode: 'timeout', errorMessage: 'no answer' },
      ],
      options,
    );
    expect(result).toEqual({ recorded: 4, cancelled: 0, uidConflicts: [] });
    expect(await rowById(store.db, 1)).toMatchObject({
      state: 'accepted',
      gateway_uid: 'aaaaaaaaaaaa1',
      gateway_status: 'Delivered',
      gateway_cost: 2.5,
      sent_at: '2026-11-26T07:00:01.000Z',
      next_check_at: '2026-11-26T07:00:07.000Z',
    });
    expect(await rowById(store.db, 2)).toMatchObject({
      state: 'queued',
      attempts: 0,
      next_attempt_at: '2026-11-26T07:00:05.000Z',
      error_code: 'rate_limited',
      error_message: 'Too Many Attempts.',
    });
    expect(await rowById(store.db, 3)).toMatchObject({
      state: 'failed',
      error_code: 'refused',
      error_message: 'Number contains in the blacklist',
      final_at: now.toISOString(),
    });
    expect(await rowById(store.db, 4)).toMatchObject({ state: 'unknown', unknown_since: now.toISOString(), error_code: 'timeout' });
  });

  it('keeps the attempt when a retry counts', async () => {
    await recordOutcomes(
      store.db,
      [{ id: 1, state: 'queued', nextAttemptAt: now, errorCode: 'server', errorMessage: '503', refundAttempt: false }],
      options,
    );
    expect((await rowById(store.db, 1)).attempts).toBe(1);
  });

  it('leaves rows another worker holds, or that have moved on', async () => {
    await store.db.updateTable('outbox_messages').set({ claimed_by: 'w2' }).where('id', '=', 1).execute();
    await store.db.updateTable('outbox_messages').set({ state: 'queued' }).where('id', '=', 2).execute();
    const result = await recordOutcomes(
      store.db,
      [
        { id: 1, state: 'failed', errorCode: 'refused', errorMessage: 'x' },
        { id: 2, state: 'failed', errorCode: 'refused', errorMessage: 'x' },
      ],
      options,
    );
    expect(result.recorded).toBe(0);
    expect((await rowById(store.db, 1)).state).toBe('sending');
    expect((await rowById(store.db, 2)).state).toBe('queued');
  });

  it('records a late answer for a row an orphan check turned unknown', async () => {
    await store.db.updateTable('outbox_messages').set({ state: 'unknown' }).where('id', '=', 1).execute();
    await recordOutcomes(store.db, [{ id: 1, state: 'accepted', uid: 'bbbbbbbbbbbb1', status: undefined, nextCheckAt: now }], options);
    expect(await rowById(store.db, 1)).toMatchObject({ state: 'accepted', gateway_uid: 'bbbbbbbbbbbb1', unknown_since: null });
  });

  it('cancels rows refused for now whose campaign was cancelled while their call was out', async () => {
    await store.db.updateTable('campaigns').set({ state: 'cancelled' }).execute();
    const result = await recordOutcomes(
      store.db,
      [
        { id: 1, state: 'queued', nextAttemptAt: now, errorCode: 'server', errorMessage: 'Service Unavailable', refundAttempt: false },
        { id: 2, state: 'queued', nextAttemptAt: now, errorCode: 'rate_limited', errorMessage: 'Too Many Attempts.', refundAttempt: true },
        { id: 3, state: 'accepted', uid: 'dddddddddddd1', status: undefined, nextCheckAt: now },
      ],
      options,
    );
    expect(result).toMatchObject({ recorded: 3, cancelled: 2 });
    expect(await rowById(store.db, 1)).toMatchObject({
      state: 'cancelled',
      final_at: now.toISOString(),
      error_code: 'server',
      attempts: 1,
    });
    expect(await rowById(store.db, 2)).toMatchObject({ state: 'cancelled', error_code: 'rate_limited', attempts: 0 });
    expect(await rowById(store.db, 3)).toMatchObject({ state: 'accepted', gateway_uid: 'dddddddddddd1' });
  });

  it('queues refused-for-now rows of a paused campaign again, to go on resume', async () => {
    await store.db.updateTable('campaigns').set({ state: 'paused' }).execute();
    const result = await recordOutcomes(
      store.db,
      [{ id: 1, state: 'queued', nextAttemptAt: now, errorCode: 'server', errorMessage: 'Service Unavailable', refundAttempt: false }],
      options,
    );
    expect(result).toMatchObject({ recorded: 1, cancelled: 0 });
    expect((await rowById(store.db, 1)).state).toBe('queued');
  });

  it('records many rows of every kind at once', async () => {
    const campaign = await insertCampaign(store.db);
    const rows = await insertRows(
      store.db,
      campaign,
      Array.from({ length: 450 }, (_, i) => ({ phone: phoneNumber(100 + i) })),
    );
    await claimBatch(store.db, { workerId: 'w1', now: claimedAt, limit: 500, holdPromotional: false });
    const mine = rows.slice(4);
    const updates = mine.map((row, i): OutcomeUpdate => {
      switch (i % 4) {
        case 0:
          return { id: row.id, state: 'accepted', uid: `uid${String(i).padStart(10, '0')}`, status: 'Enroute', nextCheckAt: now };
        case 1:
          return { id: row.id, state: 'queued', nextAttemptAt: now, errorCode: 'server', errorMessage: '503', refundAttempt: i % 8 === 1 };
        case 2:
          return { id: row.id, state: 'failed', errorCode: 'refused', errorMessage: 'blacklisted' };
        default:
          return { id: row.id, state: 'unknown', errorCode: 'timeout', errorMessage: 'no answer' };
      }
    });
    const result = await recordOutcomes(store.db, updates, options);
    expect(result).toEqual({ recorded: mine.length, cancelled: 0, uidConflicts: [] });
    const after = await store.db
      .selectFrom('outbox_messages')
      .select(['id', 'state', 'attempts', 'gateway_uid'])
      .where('id', '>', 4)
      .orderBy('id')
      .execute();
    expect(after.map((r) => r.state)).toEqual(updates.map((u) => u.state));
    expect(after.filter((r) => r.state === 'queued').map((r) => r.attempts)).toEqual(
      updates.flatMap((u) => (u.state === 'queued' ? [u.refundAttempt ? 0 : 1] : [])),
    );
    expect(after[0]?.gateway_uid).toBe('uid0000000000');
  });

  it('records an acceptance without the uid when another row already owns it', async () => {
    await recordOutcomes(store.db, [{ id: 1, state: 'accepted', uid: 'cccccccccccc1', status: undefined, nextCheckAt: now }], options);
    const result = await recordOutcomes(
      store.db,
      [{ id: 2, state: 'accepted', uid: 'cccccccccccc1', status: undefined, nextCheckAt: now }],
      options,
    );
    expect(result.uidConflicts).toEqual(['cccccccccccc1']);
    expect(await rowById(store.db, 2)).toMatchObject({ state: 'accepted', gateway_uid: null });
  });
});
