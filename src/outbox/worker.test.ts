import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorker } from './worker.js';
import { addContact, allRows, insertCampaign, insertRows, phoneNumber, statesOf } from './test-support/fixtures.js';
import { waitFor } from './test-support/wait-for.js';
import { createHarness, type Harness } from './test-support/worker-harness.js';
import { Secret } from '../config/index.js';
import { createGatewayClient } from '../gateway/index.js';
import { CafeError } from '../errors/index.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.dispose();
});

function expectExactlyOnce(phones: readonly string[]): void {
  for (const phone of phones) expect(h.sim.sentTo(phone), phone).toHaveLength(1);
}

describe('worker: sending', () => {
  it('sends a few hundred campaign rows and one-offs exactly once, recording the gateway uids', async () => {
    const campaign = await insertCampaign(h.store.db);
    const phones = Array.from({ length: 300 }, (_, i) => phoneNumber(i + 1));
    await insertRows(
      h.store.db,
      campaign,
      phones.map((phone) => ({ phone })),
    );
    await insertRows(h.store.db, null, [{ phone: phoneNumber(501), body: 'Your order is ready' }]);
    const summary = await h.worker().runUntilIdle();
    expect(summary).toMatchObject({ sent: 301, accepted: 301, failed: 0, unknown: 0, skipped: 0 });
    const rows = await allRows(h.store.db);
    expect(statesOf(rows)).toEqual({ accepted: 301 });
    expectExactlyOnce([...phones, phoneNumber(501)]);
    for (const row of rows.slice(0, 20)) {
      const [record] = h.sim.sentTo(row.phone);
      expect(row.gateway_uid).toBe(record?.uid);
      expect(row.claimed_by).not.toBeNull();
      expect(row.next_check_at).not.toBeNull();
    }
    expect(h.sim.stats().byOperation.bulk).toBeGreaterThanOrEqual(6);
    expect(h.sim.stats().byOperation.send).toBe(1);
  });

  it('sends an image one-off as a bulk call of one (the single send has no type)', async () => {
    await insertRows(h.store.db, null, [{ phone: phoneNumber(1), body: 'https://cafe.example/menu.png' }]);
    await h.store.db.updateTable('outbox_messages').set({ type: 'image' }).execute();
    expect((await h.worker().runUntilIdle()).accepted).toBe(1);
    expect(h.sim.sentTo(phoneNumber(1))[0]?.sms_type).toBe('mms');
  });

  it('skips customers who opted out after their row was queued', async () => {
    const campaign = await insertCampaign(h.store.db);
    await insertRows(
      h.store.db,
      campaign,
      [1, 2, 3].map((i) => ({ phone: phoneNumber(i) })),
    );
    await addContact(h.store.db, phoneNumber(2), { optedOut: true });
    const summary = await h.worker().runUntilIdle();
    expect(summary).toMatchObject({ accepted: 2, skipped: 1 });
    expect(h.sim.sentTo(phoneNumber(2))).toHaveLength(0);
    expectExactlyOnce([phoneNumber(1), phoneNumber(3)]);
  });

  it('holds promotional rows in quiet hours and releases them when the hours end; one-offs go at once', async () => {
    h.clock.set('2026-11-26T17:00:00.000Z'); // 22:00 in Karachi
    const promo = await insertCampaign(h.store.db, { purpose: 'promotional' });
    await insertRows(
      h.store.db,
      promo,
      [1, 2].map((i) => ({ phone: phoneNumber(i), promotional: true })),
    );
    await insertRows(h.store.db, null, [{ phone: phoneNumber(9) }]);
    const quietHours = { startMinute: 21 * 60, endMinute: 9 * 60 };
    const worker = h.worker({ quietHours });
    const night = await worker.runUntilIdle();
    expect(night.accepted).toBe(1);
    // What waits for the morning, and until when (09:00 in Karachi).
    expect(night).toMatchObject({ heldForQuietHours: 2, quietHoursEndAt: '2026-11-27T04:00:00.000Z' });
    expect(h.sim.sentTo(phoneNumber(1))).toHaveLength(0);
    expect(statesOf(await allRows(h.store.db))).toEqual({ queued: 2, accepted: 1 });
    h.clock.set('2026-11-27T04:00:00.000Z'); // 09:00 in Karachi
    const morning = await worker.runUntilIdle();
    expect(morning.accepted).toBe(2);
    expect(morning).toMatchObject({ heldForQuietHours: 0, quietHoursEndAt: null });
    expectExactlyOnce([phoneNumber(1), phoneNumber(2), phoneNumber(9)]);
  });

  it('honours a pause and sends the rest once resumed', async () => {
    const campaign = await insertCampaign(h.store.db, { state: 'paused' });
    await insertRows(
      h.store.db,
      campaign,
      [1, 2].map((i) => ({ phone: phoneNumber(i) })),
    );
    expect((await h.worker().runUntilIdle()).sent).toBe(0);
    expect(h.sim.outbound()).toHaveLength(0);
    await h.store.db.updateTable('campaigns').set({ state: 'running' }).execute();
    expect((await h.worker().runUntilIdle()).accepted).toBe(2);
    expectExactlyOnce([phoneNumber(1), phoneNumber(2)]);
  });

  it('fails refused numbers for good with the gateway reason', async () => {
    h.sim.setOptions({ blacklist: [phoneNumber(2)] });
    const campaign = await insertCampaign(h.store.db);
    await insertRows(
      h.store.db,
      campaign,
      [1, 2].map((i) => ({ phone: phoneNumber(i) })),
    );
    const summary = await h.worker().runUntilIdle();
    expect(summary).toMatchObject({ accepted: 1, failed: 1 });
    const failed = (await allRows(h.store.db)).find((r) => r.phone === phoneNumber(2));
    expect(failed).toMatchObject({ state: 'failed', error_code: 'refused', error_message: 'Number contains in the blacklist' });
  });

  it('calls the campaign hook each turn and waits for materialising campaigns', async () => {
    const campaign = await insertCampaign(h.store.db);
    await h.store.db.updateTable('campaigns').set({ enqueued_at: null }).execute();
    let calls = 0;
    const advanceCampaigns = async (now: Date) => {
      calls += 1;
      if (calls === 3) {
        await insertRows(h.store.db, campaign, [{ phone: phoneNumber(1) }]);
        await h.store.db.updateTable('campaigns').set({ enqueued_at: now.toISOString() }).execute();
      }
    };
    const summary = await h.worker({ advanceCampaigns }).runUntilIdle();
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(summary.accepted).toBe(1);
  });

  it('does not wait for a campaign to materialise when it has no campaign hook', async () => {
    await insertCampaign(h.store.db);
    await h.store.db.updateTable('campaigns').set({ enqueued_at: null }).execute();
    expect((await h.worker().runUntilIdle()).sent).toBe(0);
  });

  it('stops with the gateway error when the account cannot send, leaving rows queued with their attempts', async () => {
    const campaign = await insertCampaign(h.store.db);
    await insertRows(h.store.db, campaign, [{ phone: phoneNumber(1) }]);
    const badClient = createGatewayClient({
      baseUrl: h.sim.url,
      token: new Secret('wrong-token'),
      senderId: 'Cafe de Revenue',
      maxAttempts: 1,
    });
    const worker = h.worker({ client: badClient });
    const error = await worker.runUntilIdle().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CafeError);
    expect((error as CafeError).code).toBe('auth');
    expect(JSON.stringify(error)).not.toContain('wrong-token');
    const [row] = await allRows(h.store.db);
    expect(row).toMatchObject({ state: 'queued', attempts: 0, error_code: 'auth' });
    expect(worker.snapshot().state).toBe('stopped');
  });

  it('in run mode finishes and records calls in flight when stopped, then marks itself stopped', async () => {
    h.sim.setOptions({ latencyMs: 150 });
    const campaign = await insertCampaign(h.store.db);
    await insertRows(
      h.store.db,
      campaign,
      [1, 2, 3].map((i) => ({ phone: phoneNumber(i) })),
    );
    const worker = h.worker({ workerId: 'run-mode' });
    const stop = new AbortController();
    const running = worker.run(stop.signal);
    await waitFor(() => worker.snapshot().inFlight > 0);
    expect(worker.snapshot()).toMatchObject({ workerId: 'run-mode', state: 'sending', sendRate: 5000 });
    stop.abort();
    const summary = await running;
    expect(summary.accepted).toBe(3);
    expect(statesOf(await allRows(h.store.db))).toEqual({ accepted: 3 });
    const row = await h.store.db.selectFrom('workers').selectAll().where('id', '=', 'run-mode').executeTakeFirstOrThrow();
    expect(row.stopped_at).not.toBeNull();
    expect(JSON.parse(row.snapshot)).toMatchObject({ state: 'stopped', sentThisRun: 3 });
  });

  it('writes its snapshot with the heartbeat', async () => {
    const worker = h.worker({ workerId: 'beating', heartbeatMs: 10 });
    const stop = new AbortController();
    const running = worker.run(stop.signal);
    await waitFor(async () => {
      const row = await h.store.db.selectFrom('workers').select('snapshot').where('id', '=', 'beating').executeTakeFirst();
      return row !== undefined && JSON.parse(row.snapshot).state === 'idle';
    });
    stop.abort();
    await running;
  });

  it('refuses to run twice at once', async () => {
    const worker = h.worker();
    const stop = new AbortController();
    const running = worker.run(stop.signal);
    await expect(worker.runUntilIdle()).rejects.toMatchObject({ code: 'conflict' });
    stop.abort();
    await running;
  });

  it('shows quiet hours and an account hold in its snapshot while running', async () => {
    h.clock.set('2026-11-26T17:00:00.000Z'); // 22:00 in Karachi
    const promo = await insertCampaign(h.store.db, { purpose: 'promotional' });
    await insertRows(h.store.db, promo, [{ phone: phoneNumber(1), promotional: true }]);
    const quiet = h.worker({ quietHours: { startMinute: 21 * 60, endMinute: 9 * 60 } });
    const stopQuiet = new AbortController();
    const quietRun = quiet.run(stopQuiet.signal);
    await waitFor(() => quiet.snapshot().state === 'quiet_hours');
    stopQuiet.abort();
    await quietRun;

    const badClient = createGatewayClient({
      baseUrl: h.sim.url,
      token: new Secret('wrong-token'),
      senderId: 'Cafe de Revenue',
      maxAttempts: 1,
    });
    const held = h.worker({ client: badClient, holdMs: 60_000 });
    const stopHeld = new AbortController();
    const heldRun = held.run(stopHeld.signal);
    await waitFor(() => held.snapshot().state === 'held');
    expect(held.snapshot().lastError).toMatchObject({ code: 'auth' });
    expect(held.snapshot().heldUntil).not.toBeNull();
    stopHeld.abort();
    await heldRun;
  });

  it('keeps going after a failing turn in run mode, and gives up after repeated failures until idle', async () => {
    let fail = true;
    const advanceCampaigns = async () => {
      if (fail) throw new Error('campaign store unavailable');
    };
    const worker = h.worker({ advanceCampaigns });
    const stop = new AbortController();
    const running = worker.run(stop.signal);
    await waitFor(() => worker.snapshot().lastError?.message === 'campaign store unavailable');
    fail = false;
    stop.abort();
    await running;
    fail = true;
    await expect(h.worker({ advanceCampaigns }).runUntilIdle()).rejects.toMatchObject({
      code: 'internal',
      message: 'campaign store unavailable',
    });
  });

  it('survives a failing list walk and reconciles once the gateway answers again', async () => {
    const campaign = await insertCampaign(h.store.db);
    await insertRows(h.store.db, campaign, [{ phone: phoneNumber(1) }]);
    h.sim.injectFaults({ kind: 'cut_after_accept', on: 'bulk' }, { kind: 'http_500', on: 'list', times: 3 });
    const worker = h.worker();
    const summary = await worker.runUntilIdle();
    expect(summary).toMatchObject({ unknown: 1, reconciled: 1 });
    expect(worker.snapshot().lastError).toMatchObject({ code: 'server' });
    expect(h.sim.sentTo(phoneNumber(1))).toHaveLength(1);
  });

  it('rejects nonsensical options', () => {
    expect(() =>
      createWorker({ db: h.store.db, client: h.client, sendRate: 0, concurrency: 1, quietHours: null, reconcileGraceMs: 0 }),
    ).toThrow(/sendRate/);
  });
});
