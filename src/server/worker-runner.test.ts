import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, Secret } from '../config/index.js';
import { silentLogger } from '../log/index.js';
import { enqueueOneOff } from '../outbox/index.js';
import { startSimulator, type Simulator } from '../simulator/index.js';
import { openStore, type Store } from '../store/index.js';
import { readSettings } from '../settings/index.js';
import { createWorkerRunner } from './worker-runner.js';

let dir: string;
let store: Store;
let sim: Simulator;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cafe-runner-'));
  store = await openStore(path.join(dir, 'runner.db'));
  sim = await startSimulator({ token: 'runner-test', senderIds: ['Cafe de Revenue', 'CafeRevenue'] });
});

afterEach(async () => {
  await sim.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function waitUntil(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('worker runner', () => {
  it('runs the outbox worker, restarts it with new settings, and stops it cleanly', async () => {
    const config = loadConfig({ env: { QUIET_HOURS: 'off' }, cwd: null });
    const runner = createWorkerRunner({
      db: store.db,
      config,
      logger: silentLogger(),
      gateway: { baseUrl: sim.url, token: new Secret('runner-test') },
      workerOptions: { idlePollMs: 10, heartbeatMs: 50 },
    });
    expect(runner.snapshot()).toBeNull();
    const settings = await readSettings(store.db, config);
    runner.start(settings);
    await enqueueOneOff(store.db, { phone: '03001234567', body: 'first' }, { now: new Date() });
    await waitUntil(() => sim.sentTo('923001234567').length === 1);
    expect(sim.sentTo('923001234567')[0]?.from).toBe('Cafe de Revenue');

    await runner.restart({ ...settings, senderId: 'CafeRevenue', sendRate: 7 });
    expect(runner.snapshot()).toMatchObject({ sendRate: 7 });
    await enqueueOneOff(store.db, { phone: '03007654321', body: 'second' }, { now: new Date() });
    await waitUntil(() => sim.sentTo('923007654321').length === 1);
    expect(sim.sentTo('923007654321')[0]?.from).toBe('CafeRevenue');

    await runner.stop();
    expect(runner.snapshot()).toMatchObject({ state: 'stopped' });
    expect(sim.sentTo('923001234567')).toHaveLength(1);
  });
});
