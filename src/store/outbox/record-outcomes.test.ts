import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCampaign, insertRows, openTestStore, phoneNumber, rowById } from '../../outbox/test-support/fixtures.js';
import { claimBatch } from './claim-batch.js';
import { recordOutcomes } from './record-outcomes.js';

type TestStore = Awaited<ReturnType<typeof openTestStore>>;
let store: TestStore;
const claimedAt = new Date('2026-11-26T07:00:00.000Z');
const now = new Date('2026-11-26T07:00:02.000Z');
const options = { workerId: 'w1', now, sentAt: new Date('2026-11-26T07:00:01.000Z') };

beforeEach(async () => {
  store = await openTestStore();
  const campaign = await insertCampaign(store.db);
  await insertRows(store.db, campaign, [1, 2, 3, 4].map((i) => ({ phone: phoneNumber(i) })));
  await claimBatch(store.db, { workerId: 'w1', now: claimedAt, limit: 50, singleLimit: 1, holdPromotional: false });
});
afterEach(async () => {
  await store.dispose();
});

describe('recordOutcomes', () => {
  it('writes each outcome as the next state of its row', async () => {
    const result = await recordOutcomes(
      store.db,
      [
        { id: 1, state: 'accepted', uid: 'aaaaaaaaaaaa1', status: 'Delivered', nextCheckAt: new Date('2026-11-26T07:00:07.000Z') },
        { id: 2, state: 'queued', nextAttemptAt: new Date('2026-11-26T07:00:05.000Z'), errorCode: 'rate_limited', errorMessage: 'Too Many Attempts.', refundAttempt: true },
        { id: 3, state: 'failed', errorCode: 'refused', errorMessage: 'Number contains in the blacklist' },
        { id: 4, state: 'unknown', errorCode: 'timeout', errorMessage: 'no answer' },
      ],
      options,
    );
    expect(result).toEqual({ recorded: 4, uidConflicts: [] });
    expect(await rowById(store.db, 1)).toMatchObject({
      state: 'accepted',
      gateway_uid: 'aaaaaaaaaaaa1',
      gateway_status: 'Delivered',
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
