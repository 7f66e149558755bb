/**
 * One pace for the account, not per process: three workers on one PostgreSQL database with
 * SEND_RATE=100 must give the gateway 100 segments a second in all (within 5 %), not 300.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SimRecord } from '../../src/simulator/index.js';
import { assertCliBuilt, callArrivals, gatewayPace, type RunningCli } from '../support/index.js';
import { createCrashEnv, customers, startWorkers, waitUntil, type CrashEnv } from '../outbox-crash/support/index.js';

// 30 s of sending: one batch that raced another at the very end moves the figure by under 2 %.
const RECIPIENTS = 3000;
const SEND_RATE = 100;
const WORKERS = 3;

let env: CrashEnv | undefined;
let running: RunningCli[] = [];
beforeAll(() => assertCliBuilt());
afterEach(async () => {
  await Promise.all(running.map((worker) => worker.stop('SIGKILL')));
  running = [];
  await env?.close();
  env = undefined;
});

/** The middle gap between one call and the next, in ms: workers taking turns space their calls by the pace. */
function medianGapMs(records: readonly SimRecord[]): number {
  const arrivals = callArrivals(records);
  const gaps = arrivals
    .slice(1)
    .map((a, i) => a.at - arrivals[i]!.at)
    .sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]!;
}

describe('three workers on PostgreSQL', () => {
  it(`send at the account's pace of ${SEND_RATE} segments a second in all`, async () => {
    const e = (env = await createCrashEnv({ env: { SEND_RATE: String(SEND_RATE), SEND_CONCURRENCY: '2' } }));
    const list = customers(RECIPIENTS, '307');
    await e.importCustomers(list, 'paced');
    await e.createAndStartCampaign('Paced', 'paced');
    running = await startWorkers(e, WORKERS);
    await waitUntil('every message reached the gateway', () => e.sim.outbound().length >= RECIPIENTS, 90_000);
    const rate = gatewayPace(e.sim.outbound());
    console.info(`three workers gave the gateway ${rate.toFixed(1)} segments a second`);
    expect(rate).toBeLessThanOrEqual(SEND_RATE * 1.05);
    expect(rate).toBeGreaterThanOrEqual(SEND_RATE * 0.95);
    expect(e.sim.outbound()).toHaveLength(RECIPIENTS);
    // Not in bursts: a batch of 50 costs 500 ms at this pace. Workers that all passed the check at
    // once sent one batch each within a few ms, then nothing for 1.5 s (median gap 4 ms).
    expect(medianGapMs(e.sim.outbound())).toBeGreaterThanOrEqual(400);
  }, 150_000);
});
