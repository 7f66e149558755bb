/**
 * Operator actions in the middle of a campaign, with the worker running as its own process:
 * pause (nothing more is claimed) and resume, a restart (SIGTERM, then a new worker), and cancel
 * (queued rows cancelled, nothing sent after it took effect). Exactly one message per recipient
 * throughout, never two.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, type RunningCli } from '../support/index.js';
import {
  auditDeliveries,
  claimedRows,
  CLEAN_AUDIT,
  createCrashEnv,
  customers,
  doubledNumbers,
  expectedBody,
  rowStates,
  runUntilIdle,
  unsettled,
  waitForWorkerStart,
  waitUntil,
  type CrashEnv,
} from './support/index.js';

const RECIPIENTS = 1200;
/**
 * 2 segments a message: 120 messages a second, so the campaign lasts ten seconds — long enough
 * for a `campaign pause` or `cancel` process to start and land mid-campaign on a busy machine.
 */
const SEND_RATE = '240';

let env: CrashEnv | undefined;
let worker: RunningCli | undefined;
beforeAll(() => assertCliBuilt());
afterEach(async () => {
  await worker?.stop('SIGKILL');
  worker = undefined;
  await env?.close();
  env = undefined;
});

async function startWorker(e: CrashEnv): Promise<RunningCli> {
  worker = e.start(['worker']);
  await waitForWorkerStart(worker);
  return worker;
}

describe('pausing, restarting and cancelling mid-campaign', () => {
  it('pause claims nothing more; resume and a SIGTERM restart still send each message exactly once', async () => {
    const e = (env = await createCrashEnv({ env: { SEND_RATE } }));
    const list = customers(RECIPIENTS, '303');
    await e.importCustomers(list, 'pause');
    const id = await e.createAndStartCampaign('Pause and resume', 'pause');
    const { db } = await e.store();

    await startWorker(e);
    await waitUntil('some messages went out', () => e.sim.outbound().length >= 100);
    await e.cliJson(['campaign', 'pause', String(id)]);
    // Calls claimed before the pause finish and are recorded; after that, nothing moves.
    await waitUntil('no row is sending', async () => ((await rowStates(db, id)).sending ?? 0) === 0);
    const claimedAtPause = await claimedRows(db, id);
    const sentAtPause = e.sim.outbound().length;
    await delay(800); // sixteen idle polls of the worker
    expect(await claimedRows(db, id)).toBe(claimedAtPause);
    expect(e.sim.outbound()).toHaveLength(sentAtPause);
    expect((await rowStates(db, id)).queued ?? 0).toBeGreaterThan(0);
    expect((await e.campaignStatus(id)).campaign.state).toBe('paused');

    await e.cliJson(['campaign', 'resume', String(id)]);
    await waitUntil('sending resumed', () => e.sim.outbound().length >= sentAtPause + 100);
    // A restart: SIGTERM lets calls in flight finish and records them, then the process exits 0.
    const stopped = await worker!.stop('SIGTERM');
    worker = undefined;
    expect(stopped.code).toBe(0);
    expect((await rowStates(db, id)).sending ?? 0).toBe(0);
    expect(e.sim.outbound().length).toBeLessThan(RECIPIENTS);

    await runUntilIdle(e);
    const expected = new Map(list.map((c) => [c.phone, expectedBody(c)]));
    expect(auditDeliveries(e.sim.outbound(), expected)).toEqual(CLEAN_AUDIT);
    const status = await e.campaignStatus(id);
    expect(status.campaign.state).toBe('completed');
    expect(unsettled(status.counts)).toBe(0);
    expect(status.total).toBe(RECIPIENTS);
  }, 90_000);

  it('cancel cancels the queued rows: nothing is sent after it took effect, nothing twice', async () => {
    const e = (env = await createCrashEnv({ env: { SEND_RATE } }));
    const list = customers(RECIPIENTS, '304');
    await e.importCustomers(list, 'cancel');
    const id = await e.createAndStartCampaign('Cancelled', 'cancel');
    const { db } = await e.store();

    await startWorker(e);
    await waitUntil('some messages went out', () => e.sim.outbound().length >= 100);
    await e.cliJson(['campaign', 'cancel', String(id)]);
    // Once no row is sending, every call claimed before the cancel has been answered.
    await waitUntil('no row is sending', async () => ((await rowStates(db, id)).sending ?? 0) === 0);
    const sentAtCancel = e.sim.outbound().length;
    await delay(500);
    const stopped = await worker!.stop('SIGTERM');
    worker = undefined;
    expect(stopped.code).toBe(0);
    await runUntilIdle(e); // a later worker finds nothing of it to send either

    const sent = e.sim.outbound();
    expect(sent).toHaveLength(sentAtCancel);
    expect(sent.length).toBeLessThan(RECIPIENTS);
    expect(doubledNumbers(sent)).toEqual([]);

    const status = await e.campaignStatus(id);
    expect(status.campaign.state).toBe('cancelled');
    expect(unsettled(status.counts)).toBe(0);
    expect(status.counts.cancelled).toBe(RECIPIENTS - sent.length);
    expect((status.counts.accepted ?? 0) + (status.counts.delivered ?? 0) + (status.counts.failed ?? 0)).toBe(sent.length);
    // The numbers sent to are exactly those of the rows that were not cancelled.
    const cancelled = await db
      .selectFrom('outbox_messages')
      .select('phone')
      .where('campaign_id', '=', id)
      .where('state', '=', 'cancelled')
      .execute();
    const sentTo = new Set(sent.map((r) => r.to));
    expect(cancelled.filter((row) => sentTo.has(row.phone))).toEqual([]);
    const bodies = new Map(list.map((c) => [c.phone, expectedBody(c)]));
    expect(sent.filter((r) => r.message !== bodies.get(r.to))).toEqual([]);
  }, 90_000);

  it('cancel while a send is unknown: once found unsent, those rows are cancelled too, never sent', async () => {
    // A grace long enough that nothing is re-sent before the cancel below has landed.
    const e = (env = await createCrashEnv({ env: { SEND_RATE, RECONCILE_GRACE_SECONDS: '4' } }));
    const list = customers(400, '306');
    await e.importCustomers(list, 'lost-cancel');
    const id = await e.createAndStartCampaign('Cancelled while unknown', 'lost-cancel');
    const { db } = await e.store();

    await startWorker(e);
    await waitUntil('some messages went out', () => e.sim.outbound().length >= 50);
    // The next batch reaches the gateway, which drops the connection without storing anything:
    // the worker cannot tell, so its rows are unknown until the list shows they were never sent.
    e.sim.injectFaults({ kind: 'cut_before_accept', on: 'bulk' });
    await waitUntil('a send is unknown', async () => ((await rowStates(db, id)).unknown ?? 0) > 0);
    await worker!.stop('SIGKILL');
    worker = undefined;
    const lost = (await rowStates(db, id)).unknown ?? 0;
    const sentBeforeCancel = e.sim.outbound().length;

    await e.cliJson(['campaign', 'cancel', String(id)]);
    await runUntilIdle(e); // waits out the grace, reads the list: the lost batch was never sent

    expect(e.sim.outbound()).toHaveLength(sentBeforeCancel);
    expect(doubledNumbers(e.sim.outbound())).toEqual([]);
    const status = await e.campaignStatus(id);
    expect(status.campaign.state).toBe('cancelled');
    expect(lost).toBeGreaterThan(0);
    expect(status.counts).toMatchObject({ queued: 0, sending: 0, unknown: 0, cancelled: list.length - sentBeforeCancel });
  }, 90_000);

  it('cancel while a call is out and then refused for now: its rows are cancelled, not queued again', async () => {
    // One call at a time, so the refusals below all fall on the same batch.
    const e = (env = await createCrashEnv({ env: { SEND_RATE, SEND_CONCURRENCY: '1' } }));
    const list = customers(400, '307');
    await e.importCustomers(list, 'refused-cancel');
    const id = await e.createAndStartCampaign('Cancelled while refused', 'refused-cancel');
    const { db } = await e.store();

    const running = await startWorker(e);
    await waitUntil('some messages went out', () => e.sim.outbound().length >= 50);
    // The next batch is answered 503 (not processed) on every attempt the client makes.
    e.sim.setOptions({ latencyMs: 300 });
    e.sim.injectFaults({ kind: 'http_503', on: 'bulk', times: 5 });
    await waitUntil('the refused batch is out', () => e.sim.stats().faultsApplied > 0);
    // Frozen with its call out, the worker cannot record anything until the cancel has landed.
    running.child.kill('SIGSTOP');
    const inFlight = (await rowStates(db, id)).sending ?? 0;
    const sentBeforeCancel = e.sim.outbound().length;
    await e.cliJson(['campaign', 'cancel', String(id)]);
    e.sim.setOptions({ latencyMs: 0 });
    running.child.kill('SIGCONT');
    await waitUntil('the refused batch is recorded', async () => ((await rowStates(db, id)).sending ?? 0) === 0);
    const stopped = await running.stop('SIGTERM');
    worker = undefined;
    expect(stopped.code).toBe(0);
    await runUntilIdle(e);

    expect(inFlight).toBeGreaterThan(0);
    expect(e.sim.outbound()).toHaveLength(sentBeforeCancel);
    const status = await e.campaignStatus(id);
    expect(status.campaign.state).toBe('cancelled');
    expect(status.counts).toMatchObject({ queued: 0, sending: 0, unknown: 0, cancelled: list.length - sentBeforeCancel });
  }, 90_000);
});
