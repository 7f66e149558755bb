import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../store/index.js';
import { allRows, insertCampaign, insertRows, phoneNumbers, statesOf } from './test-support/fixtures.js';
import { waitFor } from './test-support/wait-for.js';
import { createHarness, type Harness } from './test-support/worker-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.dispose();
});

/** A pace that never holds a claim back: one call goes, two more are claimed behind it at once. */
const UNPACED = { concurrency: 1, sendRate: 1_000_000 };

async function sendingCount(db: Kysely<Database>): Promise<number> {
  return (await allRows(db)).filter((row) => row.state === 'sending').length;
}

describe('worker: calls claimed ahead', () => {
  it('claims the next calls while one is out, and sends them once it is back', async () => {
    h.sim.setOptions({ latencyMs: 100 });
    const campaign = await insertCampaign(h.store.db);
    await insertRows(
      h.store.db,
      campaign,
      phoneNumbers(200).map((phone) => ({ phone })),
    );
    const worker = h.worker(UNPACED);
    const running = worker.runUntilIdle();
    // One call out, two more claimed and committed behind it (a claim's call starts once its commit is on disk).
    await waitFor(async () => (await sendingCount(h.store.db)) === 150 && worker.snapshot().inFlight === 1);
    const summary = await running;
    expect(summary).toMatchObject({ sent: 200, accepted: 200, calls: 4 });
    expect(statesOf(await allRows(h.store.db))).toEqual({ accepted: 200 });
    for (const phone of phoneNumbers(200)) expect(h.sim.sentTo(phone)).toHaveLength(1);
  });

  // 200 rows: 50 sent, 100 claimed behind them and held back, 50 never claimed (still queued).
  it.each([
    ['paused', { accepted: 50, queued: 150 }],
    ['cancelled', { accepted: 50, cancelled: 100, queued: 50 }],
  ] as const)('puts claimed-ahead rows back unsent when their campaign is %s before they go', async (campaignState, states) => {
    h.sim.setOptions({ latencyMs: 150 });
    const campaign = await insertCampaign(h.store.db);
    await insertRows(
      h.store.db,
      campaign,
      phoneNumbers(200).map((phone) => ({ phone })),
    );
    const worker = h.worker(UNPACED);
    const stop = new AbortController();
    const running = worker.run(stop.signal);
    await waitFor(async () => (await sendingCount(h.store.db)) === 150);
    await h.store.db.updateTable('campaigns').set({ state: campaignState }).execute();
    await waitFor(async () => (await sendingCount(h.store.db)) === 0);
    stop.abort();
    const summary = await running;

    expect(summary).toMatchObject({ sent: 50, accepted: 50 });
    expect(h.sim.outbound()).toHaveLength(50);
    const rows = await allRows(h.store.db);
    expect(statesOf(rows)).toEqual(states);
    // Never sent: the claim's attempt is given back.
    const unsent = rows.filter((row) => row.state !== 'accepted');
    expect(unsent.every((row) => row.attempts === 0)).toBe(true);
    expect(unsent.filter((row) => row.error_code === 'not_sent')).toHaveLength(100);
  });

  it('on stop, records the call that is out and puts the claimed-ahead rows back in the queue', async () => {
    h.sim.setOptions({ latencyMs: 150 });
    const campaign = await insertCampaign(h.store.db);
    await insertRows(
      h.store.db,
      campaign,
      phoneNumbers(200).map((phone) => ({ phone })),
    );
    const worker = h.worker(UNPACED);
    const stop = new AbortController();
    const running = worker.run(stop.signal);
    await waitFor(async () => (await sendingCount(h.store.db)) === 150);
    stop.abort();
    const summary = await running;
    expect(summary).toMatchObject({ sent: 50, accepted: 50 });
    const rows = await allRows(h.store.db);
    expect(statesOf(rows)).toEqual({ accepted: 50, queued: 150 });
    const queued = rows.filter((row) => row.state === 'queued');
    expect(queued.every((row) => row.attempts === 0)).toBe(true);
    expect(queued.filter((row) => row.error_code === 'not_sent')).toHaveLength(100);

    // A later run sends them, once each.
    h.sim.setOptions({ latencyMs: 0 });
    expect((await h.worker().runUntilIdle()).accepted).toBe(150);
    for (const phone of phoneNumbers(200)) expect(h.sim.sentTo(phone)).toHaveLength(1);
  });

  it('claims nothing ahead at a limited pace: only what may go now is in sending', async () => {
    h.sim.setOptions({ latencyMs: 100 });
    const campaign = await insertCampaign(h.store.db);
    await insertRows(
      h.store.db,
      campaign,
      phoneNumbers(60).map((phone) => ({ phone })),
    );
    const worker = h.worker({ concurrency: 2, sendRate: 20 });
    const stop = new AbortController();
    const running = worker.run(stop.signal);
    await waitFor(() => worker.snapshot().inFlight > 0);
    // 20 segments a second: one call of 20 rows, nothing claimed behind it.
    expect(await sendingCount(h.store.db)).toBe(20);
    stop.abort();
    await running;
  });
});
