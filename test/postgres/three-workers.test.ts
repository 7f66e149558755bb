/**
 * Past one machine: three `cafe-sms worker` processes share one PostgreSQL database and one
 * gateway. A 3,000-recipient campaign goes out while the gateway cuts connections after accepting
 * some calls and fails others, workers are SIGKILLed at seeded moments and replaced, and the
 * workers' database connections are terminated mid-transaction (pg_terminate_backend). The
 * gateway's own record must show every recipient exactly once and the opted-out never.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { onServer } from '../../src/store/test-support/test-database.js';
import { assertCliBuilt, type RunningCli } from '../support/index.js';
import {
  auditDeliveries,
  CLEAN_AUDIT,
  createCrashEnv,
  customers,
  expectedBody,
  runUntilIdle,
  seededRandom,
  startWorkers,
  waitUntil,
  type CrashEnv,
} from '../outbox-crash/support/index.js';

const RECIPIENTS = 3000;
const WORKERS = 3;
const KILLS = 6;
const OPTED_OUT = 20;

let env: CrashEnv | undefined;
let running: RunningCli[] = [];
beforeAll(() => assertCliBuilt());
afterEach(async () => {
  await Promise.all(running.map((worker) => worker.stop('SIGKILL')));
  running = [];
  await env?.close();
  env = undefined;
});

/** Ends every open transaction of this test's processes (named by application_name), as a database failover would. */
async function terminateConnections(applicationName: string): Promise<number> {
  const rows = await onServer(
    `select pg_terminate_backend(pid) from pg_stat_activity where application_name = '${applicationName}' ` +
      "and state in ('active', 'idle in transaction')",
  );
  return rows.length;
}

describe('three workers on PostgreSQL, killed and cut off', () => {
  it('reach every one of 3,000 recipients exactly once and never the opted-out', async () => {
    // 300 segments a second in all: the campaign lasts about ten seconds, long enough for every fault to land in it.
    const applicationName = `three_workers_${randomBytes(4).toString('hex')}`;
    const e = (env = await createCrashEnv({ env: { SEND_RATE: '300', SEND_CONCURRENCY: '2' }, applicationName }));
    const list = customers(RECIPIENTS, '306');
    await e.importCustomers(list, 'branches');
    const optedOut = list.slice(100, 100 + OPTED_OUT);
    await Promise.all(optedOut.map((c) => e.cli(['contacts', 'optout', c.local, '--reason', 'asked at the counter'])));
    const id = await e.createAndStartCampaign('Three branches', 'branches');
    e.sim.injectFaults(
      { kind: 'cut_after_accept', on: 'bulk', times: 4 },
      { kind: 'http_503', on: 'bulk', times: 4 },
      { kind: 'delay', on: 'bulk', delayMs: 60, times: 1_000_000 },
    );

    const random = seededRandom(20_261_203);
    running = await startWorkers(e, WORKERS);
    let terminated = 0;
    for (let kill = 0; kill < KILLS; kill += 1) {
      await delay(random.int(300, 1200));
      // A transaction is open only briefly: try a few times in a row until one is caught.
      for (let tries = 0; kill % 2 === 1 && tries < 50; tries += 1) {
        const cut = await terminateConnections(applicationName);
        terminated += cut;
        if (cut > 0) break;
      }
      const victim = random.int(0, WORKERS - 1);
      await running[victim]!.stop('SIGKILL');
      running[victim] = (await startWorkers(e, 1))[0]!;
    }
    expect(terminated).toBeGreaterThan(0);
    await waitUntil('most messages went out', () => e.sim.outbound().length >= RECIPIENTS - OPTED_OUT - 300, 60_000);
    await Promise.all(running.map((worker) => worker.stop('SIGTERM')));
    running = [];
    await runUntilIdle(e, 90_000);

    const mustGetOne = list.filter((c) => !optedOut.includes(c));
    expect(auditDeliveries(e.sim.outbound(), new Map(mustGetOne.map((c) => [c.phone, expectedBody(c)])))).toEqual(CLEAN_AUDIT);
    for (const c of optedOut) expect(e.sim.sentTo(c.phone)).toHaveLength(0);
    const status = await e.campaignStatus(id);
    expect(status.campaign.state).toBe('completed');
  }, 240_000);
});
