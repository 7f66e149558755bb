import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/index.js';
import { createGatewayClient } from '../gateway/index.js';
import { readGatewayCallLimit, registerWorker } from '../store/outbox/index.js';
import { allRows, insertCampaign, insertRows, phoneNumber, phoneNumbers, statesOf, TOKEN } from './test-support/fixtures.js';
import { waitFor } from './test-support/wait-for.js';
import { createHarness, type Harness } from './test-support/worker-harness.js';

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

describe('worker: faults and reconciliation', () => {
  it('reconciles a bulk call cut after the gateway stored it, without sending again', async () => {
    const campaign = await insertCampaign(h.store.db);
    const list = phoneNumbers(10);
    await insertRows(
      h.store.db,
      campaign,
      list.map((phone) => ({ phone })),
    );
    h.sim.injectFaults({ kind: 'cut_after_accept', on: 'bulk' });
    const summary = await h.worker().runUntilIdle();
    expect(summary).toMatchObject({ unknown: 10, reconciled: 10, requeued: 0 });
    expectExactlyOnce(list);
    for (const row of await allRows(h.store.db)) {
      expect(row.state).toBe('accepted');
      expect(row.gateway_uid).toBe(h.sim.sentTo(row.phone)[0]?.uid);
    }
  });

  it('reconciles a one-off send cut after acceptance', async () => {
    await insertRows(h.store.db, null, [{ phone: phoneNumber(1), body: 'Your order is ready' }]);
    h.sim.injectFaults({ kind: 'cut_after_accept', on: 'send' });
    const summary = await h.worker().runUntilIdle();
    expect(summary).toMatchObject({ unknown: 1, reconciled: 1 });
    expectExactlyOnce([phoneNumber(1)]);
  });

  it('sends again, once, what was cut before the gateway took it or refused with 503', async () => {
    const campaign = await insertCampaign(h.store.db);
    const list = phoneNumbers(6);
    await insertRows(
      h.store.db,
      campaign,
      list.map((phone) => ({ phone })),
    );
    h.sim.injectFaults({ kind: 'cut_before_accept', on: 'bulk' }, { kind: 'http_503', on: 'bulk', times: 4 });
    const summary = await h.worker().runUntilIdle();
    expect(summary.accepted + summary.reconciled).toBe(6);
    expect(statesOf(await allRows(h.store.db))).toEqual({ accepted: 6 });
    expectExactlyOnce(list);
  });

  it('queues again, and sends exactly once, a lost row the gateway never listed after the grace period', async () => {
    const campaign = await insertCampaign(h.store.db);
    const claimedAt = new Date(h.clock.now().getTime() - 1000).toISOString();
    await insertRows(h.store.db, campaign, [
      { phone: phoneNumber(1), state: 'unknown', claimedBy: 'gone', claimedAt, unknownSince: claimedAt },
    ]);
    const summary = await h.worker().runUntilIdle();
    expect(summary).toMatchObject({ requeued: 1, accepted: 1, reconciled: 0 });
    expectExactlyOnce([phoneNumber(1)]);
  });

  it('cancels, never sends, a lost row found unsent after its campaign was cancelled', async () => {
    const campaign = await insertCampaign(h.store.db, { state: 'cancelled' });
    const claimedAt = new Date(h.clock.now().getTime() - 1000).toISOString();
    await insertRows(h.store.db, campaign, [
      { phone: phoneNumber(1), state: 'unknown', claimedBy: 'gone', claimedAt, unknownSince: claimedAt },
    ]);
    const summary = await h.worker().runUntilIdle();
    expect(summary).toMatchObject({ cancelled: 1, requeued: 0, sent: 0 });
    expect(statesOf(await allRows(h.store.db))).toEqual({ cancelled: 1 });
    expect(h.sim.outbound()).toHaveLength(0);
  });

  it('waits out the grace period before sending a lost row again', async () => {
    const campaign = await insertCampaign(h.store.db);
    const now = h.clock.now().toISOString();
    await insertRows(h.store.db, campaign, [
      { phone: phoneNumber(1), state: 'unknown', claimedBy: 'gone', claimedAt: now, unknownSince: now },
    ]);
    const started = Date.now();
    await h.worker({ reconcileGraceMs: 300 }).runUntilIdle();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expectExactlyOnce([phoneNumber(1)]);
  });

  it('reconciles the sending rows of a dead worker: sent ones are found, the others sent once', async () => {
    const campaign = await insertCampaign(h.store.db);
    const claimedAt = new Date(h.clock.now().getTime() - 2000).toISOString();
    const deadPid = 999_999;
    await registerWorker(h.store.db, { id: 'dead-worker', pid: deadPid, hostname: hostname() }, new Date(claimedAt), {});
    const list = phoneNumbers(4);
    await insertRows(
      h.store.db,
      campaign,
      list.map((phone) => ({ phone, state: 'sending', claimedBy: 'dead-worker', claimedAt })),
    );
    // The dead worker's request for the first two went out before it died.
    const rows = await allRows(h.store.db);
    await h.client.sendBatch(rows.slice(0, 2).map((row) => ({ to: row.phone, message: row.body })));
    const summary = await h.worker({ isProcessAlive: (pid) => pid !== deadPid }).runUntilIdle();
    expect(summary).toMatchObject({ orphaned: 4, reconciled: 2, requeued: 2, accepted: 2 });
    expectExactlyOnce(list);
    expect(statesOf(await allRows(h.store.db))).toEqual({ accepted: 4 });
  });

  it('treats a worker whose heartbeat went stale as dead', async () => {
    const campaign = await insertCampaign(h.store.db);
    const longAgo = new Date(h.clock.now().getTime() - 60_000);
    await registerWorker(h.store.db, { id: 'silent', pid: process.pid, hostname: 'elsewhere' }, longAgo, {});
    await insertRows(h.store.db, campaign, [
      { phone: phoneNumber(1), state: 'sending', claimedBy: 'silent', claimedAt: longAgo.toISOString() },
    ]);
    const summary = await h.worker({ staleWorkerMs: 15_000 }).runUntilIdle();
    expect(summary).toMatchObject({ orphaned: 1, requeued: 1, accepted: 1 });
    expectExactlyOnce([phoneNumber(1)]);
  });

  it('adapts to a throttling gateway without losing or doubling messages', async () => {
    h.sim.setOptions({ rateLimit: 6 });
    await insertRows(
      h.store.db,
      null,
      phoneNumbers(12).map((phone) => ({ phone, body: 'Table ready' })),
    );
    // Delivery checked by list walks only, so that the test's time goes on sending.
    // One call each (maxBatch 1): twelve calls against a limit of six a second.
    const summary = await h.worker({ concurrency: 8, perUidCheckLimit: 0, maxBatch: 1 }).runUntilIdle();
    expect(summary.accepted).toBe(12);
    expect(h.sim.stats().answered429).toBeGreaterThan(0);
    expectExactlyOnce(phoneNumbers(12));
  });

  it('finds an unannounced call limit (HTTP 200 "Too Many Attempts."), keeps under it, and remembers it for the next run', async () => {
    h.sim.setOptions({ rateLimit: 3, throttleAnswer: 'http_200' });
    // As the worker's real clients are made: a throttled send comes back to the pacer at once.
    // A client of its own for each run (as each worker process has): only the database carries the limit over.
    const client = () =>
      createGatewayClient({ baseUrl: h.sim.url, token: new Secret(TOKEN), senderId: 'Cafe de Revenue', retryThrottledSends: false });
    // List walks share the gateway's limit (a throttled read teaches it too): one walk at the start of a run.
    const worker = () => h.worker({ client: client(), concurrency: 1, perUidCheckLimit: 0, trackIntervalMs: 60_000, maxBatch: 1 });
    await insertRows(
      h.store.db,
      null,
      phoneNumbers(10).map((phone) => ({ phone, body: 'Table ready' })),
    );
    expect((await worker().runUntilIdle()).accepted).toBe(10);
    const learned = await readGatewayCallLimit(h.store.db);
    expect(learned).toBeGreaterThan(0.5);
    expect(learned).toBeLessThanOrEqual(3);
    const throttledFirst = h.sim.stats().throttled;
    expect(throttledFirst).toBeGreaterThan(0);
    expect(throttledFirst).toBeLessThanOrEqual(3);
    // A later run: the gateway's second has moved past the first run's last calls.
    await new Promise((resolve) => setTimeout(resolve, 1100));

    await insertRows(
      h.store.db,
      null,
      phoneNumbers(10, 11).map((phone) => ({ phone, body: 'Table ready' })),
    );
    expect((await worker().runUntilIdle()).accepted).toBe(10);
    expect(h.sim.stats().throttled).toBe(throttledFirst); // the next run started under it
    expectExactlyOnce(phoneNumbers(20));
  }, 30_000);

  it('pushes throttled rows back by Retry-After and slows down when the client gives up retrying', async () => {
    const campaign = await insertCampaign(h.store.db);
    await insertRows(
      h.store.db,
      campaign,
      phoneNumbers(5).map((phone) => ({ phone })),
    );
    h.sim.injectFaults({ kind: 'http_429', on: 'bulk', times: 3, retryAfterSeconds: 0 });
    const worker = h.worker({ sendRate: 40 });
    const summary = await worker.runUntilIdle();
    expect(summary.retried).toBe(5);
    expect(summary.accepted).toBe(5);
    expect(worker.snapshot().pace).toBeLessThan(40);
    expectExactlyOnce(phoneNumbers(5));
    const [row] = await allRows(h.store.db);
    expect(row?.attempts).toBe(1);
  });

  it('handles a bulk answer without records: accepted without uid, the uid attached from the list', async () => {
    h.sim.setOptions({ bulkAnswer: 'count' });
    const campaign = await insertCampaign(h.store.db);
    await insertRows(
      h.store.db,
      campaign,
      phoneNumbers(3).map((phone) => ({ phone })),
    );
    await h.worker().runUntilIdle();
    const worker = h.worker();
    await worker.runUntilIdle();
    for (const row of await allRows(h.store.db)) {
      expect(row.gateway_uid).toBe(h.sim.sentTo(row.phone)[0]?.uid);
    }
    expectExactlyOnce(phoneNumbers(3));
  });

  it('keeps a message queued through a gateway outage, without using up its attempts, and sends it once the gateway is back', async () => {
    await insertRows(h.store.db, null, [{ phone: phoneNumber(1) }]);
    h.sim.injectFaults({ kind: 'http_502', on: 'send', times: 12 });
    const stop = new AbortController();
    const worker = h.worker({ retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 }, outagePauseMs: 20, outagePauseMaxMs: 40 });
    const running = worker.run(stop.signal);
    await waitFor(() => worker.snapshot().state === 'gateway_down');
    await waitFor(async () => (await allRows(h.store.db))[0]?.state === 'accepted', 10_000);
    stop.abort();
    const summary = await running;
    expect(summary).toMatchObject({ accepted: 1, failed: 0 });
    expect(summary.retried).toBeGreaterThanOrEqual(2);
    const [row] = await allRows(h.store.db);
    expect(row).toMatchObject({ state: 'accepted', attempts: 1 });
    expectExactlyOnce([phoneNumber(1)]);
  });

  it('--until-idle gives up on a gateway that stays down, leaving every message queued and unspent', async () => {
    const campaign = await insertCampaign(h.store.db);
    await insertRows(
      h.store.db,
      campaign,
      phoneNumbers(3).map((phone) => ({ phone })),
    );
    h.sim.injectFaults({ kind: 'http_503', on: 'bulk', times: 10_000 });
    const failure = await h
      .worker({ outagePauseMs: 10, outagePauseMaxMs: 20, outageGiveUpMs: 150 })
      .runUntilIdle()
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'server', message: expect.stringMatching(/Nothing was lost: the messages are queued/) });
    for (const row of await allRows(h.store.db)) expect(row).toMatchObject({ state: 'queued', attempts: 0, error_code: 'server' });
    expect(h.sim.outbound()).toHaveLength(0);
  });
});
