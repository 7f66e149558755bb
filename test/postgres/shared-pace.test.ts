/**
 * One pace for the account, not per process: three workers on one PostgreSQL database with
 * SEND_RATE=100 must give the gateway 100 segments a second in all (within 5 %), not 300.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, type RunningCli } from '../support/index.js';
import { createCrashEnv, customers, startWorkers, waitUntil, type CrashEnv } from '../outbox-crash/support/index.js';

const RECIPIENTS = 1500;
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

/** Samples how many segments the simulator has taken, every 20 ms, until `total`. */
async function arrivals(e: CrashEnv, total: number): Promise<{ at: number; segments: number }[]> {
  const samples: { at: number; segments: number }[] = [];
  await waitUntil(
    'every message reached the gateway',
    () => {
      const segments = e.sim.outbound().reduce((sum, record) => sum + record.sms_count, 0);
      samples.push({ at: performance.now(), segments });
      return segments >= total;
    },
    60_000,
  );
  return samples;
}

describe('three workers on PostgreSQL', () => {
  it(`send at the account's pace of ${SEND_RATE} segments a second in all`, async () => {
    const e = (env = await createCrashEnv({ env: { SEND_RATE: String(SEND_RATE), SEND_CONCURRENCY: '2' } }));
    const list = customers(RECIPIENTS, '307');
    await e.importCustomers(list, 'paced');
    await e.createAndStartCampaign('Paced', 'paced');
    running = await startWorkers(e, WORKERS);
    const samples = await arrivals(e, RECIPIENTS);
    // From the first second on: the very first calls go at once (a batch is paid for after it goes).
    const from = samples.find((s) => s.at >= samples[0]!.at + 1000)!;
    const to = samples.at(-1)!;
    const rate = (to.segments - from.segments) / ((to.at - from.at) / 1000);
    expect(rate).toBeLessThanOrEqual(SEND_RATE * 1.05);
    expect(rate).toBeGreaterThanOrEqual(SEND_RATE * 0.95);
    expect(e.sim.outbound()).toHaveLength(RECIPIENTS);
  }, 120_000);
});
