import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { campaignAdvancer } from '../campaigns/index.js';
import type { GatewayClient } from '../gateway/index.js';
import { allRows, insertCampaign, insertRows, phoneNumber, phoneNumbers, statesOf } from './test-support/fixtures.js';
import { createHarness, type Harness } from './test-support/worker-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.dispose();
});

const listPages = () => h.sim.stats().byOperation.list ?? 0;

/** The harness's client, counting the list walks it is asked for. */
function countingWalks(): { client: GatewayClient; walks: () => number } {
  let walks = 0;
  const client: GatewayClient = {
    ...h.client,
    listAll: (options) => {
      walks += 1;
      return h.client.listAll(options);
    },
  };
  return { client, walks: () => walks };
}

describe('worker: list walks', () => {
  it('--until-idle ends without a last walk when nothing needs one: accepted rows are settled', async () => {
    const campaign = await insertCampaign(h.store.db);
    await insertRows(
      h.store.db,
      campaign,
      phoneNumbers(120).map((phone) => ({ phone })),
    );
    const { client, walks } = countingWalks();
    // Tracking would walk again only after a minute: the one walk is the one every run starts with.
    const summary = await h.worker({ client, trackIntervalMs: 60_000 }).runUntilIdle();
    expect(summary.accepted).toBe(120);
    expect(walks()).toBe(1);
    expect(statesOf(await allRows(h.store.db))).toEqual({ accepted: 120 });
  });

  it('a walk stops right below the newest record the previous one read', async () => {
    h.sim.setOptions({ deliveryDelayMs: 0 });
    const campaign = await insertCampaign(h.store.db);
    await insertRows(
      h.store.db,
      campaign,
      phoneNumbers(300).map((phone) => ({ phone })),
    );
    await h.worker({ trackIntervalMs: 60_000 }).runUntilIdle();
    await h.worker({ trackIntervalMs: 60_000 }).runUntilIdle(); // reads the 300 records: all delivered
    expect(statesOf(await allRows(h.store.db))).toMatchObject({ delivered: expect.any(Number) });
    h.sim.injectInbound({ from: phoneNumber(900), message: 'STOP' });
    // The newest record read last time, and those sharing its millisecond: one bulk call of 50,
    // or two when the worker's two calls were answered in the same millisecond.
    const sent = h.sim.outbound();
    const newestTime = sent.at(-1)?.created_at;
    const sharingNewest = sent.filter((record) => record.created_at === newestTime).length;
    expect(sharingNewest).toBeGreaterThanOrEqual(50);
    const before = listPages();
    const summary = await h.worker({ trackIntervalMs: 60_000 }).runUntilIdle();
    expect(summary).toMatchObject({ inbound: 1, optedOut: 1 });
    // The reply, those records and the first older one, 25 to a page: 3 pages for one call of 50
    // (5 for two), where reading back by time would take all 13.
    expect(listPages() - before).toBeLessThanOrEqual(Math.ceil((1 + sharingNewest + 1) / 25));
  });

  it('follows delivery until every tracked message was met, not back through older history', async () => {
    // Older messages of someone else's: a walk reading back by time (less the 10-minute margin) would read them all.
    for (let i = 0; i < 4; i += 1) {
      await h.client.sendBatch(phoneNumbers(50, 1000 + 50 * i).map((to) => ({ to, message: 'Older news' })));
    }
    await h.worker({ trackIntervalMs: 60_000 }).runUntilIdle(); // reads those 200 and remembers where it stopped
    const campaign = await insertCampaign(h.store.db);
    await insertRows(
      h.store.db,
      campaign,
      phoneNumbers(100).map((phone) => ({ phone })),
    );
    await h.worker({ trackIntervalMs: 60_000 }).runUntilIdle();
    h.sim.injectInbound({ from: phoneNumber(900), message: 'Thanks' });
    await h.worker({ trackIntervalMs: 60_000 }).runUntilIdle(); // the anchor is now the reply, above the 100 still pending

    const before = listPages();
    await h.worker({ trackIntervalMs: 60_000 }).runUntilIdle();
    // The reply and the 100 tracked records: 5 pages (and the next, read before the count is made);
    // the 200 older records (8 more pages) are left alone.
    expect(listPages() - before).toBeLessThanOrEqual(6);
    expect(statesOf(await allRows(h.store.db))).toEqual({ accepted: 100 });
  });

  it('reconciles more lost sends than one walk takes over several walks, each recipient still messaged once', async () => {
    const campaign = await insertCampaign(h.store.db);
    const claimedAt = new Date(h.clock.now().getTime() - 2000).toISOString();
    await insertRows(
      h.store.db,
      campaign,
      phoneNumbers(7).map((phone) => ({ phone, state: 'unknown', claimedBy: 'gone', claimedAt, unknownSince: claimedAt })),
    );
    // Four of the lost sends did reach the gateway; three never did.
    const rows = await allRows(h.store.db);
    await h.client.sendBatch(rows.slice(0, 4).map((row) => ({ to: row.phone, message: row.body })));
    const { client, walks } = countingWalks();
    const summary = await h.worker({ client, reconcilePerPass: 3 }).runUntilIdle();
    expect(summary).toMatchObject({ reconciled: 4, requeued: 3, accepted: 3 });
    expect(walks()).toBeGreaterThanOrEqual(3);
    expect(statesOf(await allRows(h.store.db))).toEqual({ accepted: 7 });
    for (const phone of phoneNumbers(7)) expect(h.sim.sentTo(phone)).toHaveLength(1);
  });

  it('never ends --until-idle leaving a campaign running whose last rows a walk just settled', async () => {
    const campaign = await insertCampaign(h.store.db);
    const claimedAt = new Date(h.clock.now().getTime() - 2000).toISOString();
    await insertRows(h.store.db, campaign, [
      { phone: phoneNumber(1), state: 'unknown', claimedBy: 'gone', claimedAt, unknownSince: claimedAt },
    ]);
    const [row] = await allRows(h.store.db);
    // The lost send did reach the gateway: the walk finds it and the row becomes accepted.
    await h.client.sendBatch([{ to: phoneNumber(1), message: row?.body ?? '' }]);
    const advance = campaignAdvancer(h.store.db, { defaultCountry: 'PK', maxSegments: 10 });
    let calls = 0;
    // From the second turn on, each campaign step waits for the walk to settle the row: the walk
    // ends between this step and the idle check, the moment that used to end the run too early.
    const advanceCampaigns = async (now: Date) => {
      calls += 1;
      const result = await advance(now);
      for (let i = 0; calls > 1 && i < 200; i += 1) {
        if ((await allRows(h.store.db))[0]?.state === 'accepted') break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return result;
    };
    const summary = await h.worker({ advanceCampaigns }).runUntilIdle();
    expect(summary.reconciled).toBe(1);
    const state = await h.store.db.selectFrom('campaigns').select('state').where('id', '=', campaign).executeTakeFirstOrThrow();
    expect(state.state).toBe('completed');
    expect(h.sim.sentTo(phoneNumber(1))).toHaveLength(1);
  });
});
