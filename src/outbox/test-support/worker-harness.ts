import { afterEach, beforeEach } from 'vitest';
import type { Simulator } from '../../simulator/index.js';
import type { GatewayClient } from '../../gateway/index.js';
import { createWorker, type Worker } from '../worker.js';
import type { WorkerOptions } from '../options.js';
import { movingClock, startTestSimulator, testClient, type MovingClock } from './fixtures.js';
import { openTempStore } from '../../store/test-support/temp-store.js';

/** Worker settings for tests: a whole send → lose → reconcile → resend cycle takes milliseconds. */
export function fastWorkerTiming(clock: MovingClock): Omit<WorkerOptions, 'db' | 'client'> {
  return {
    sendRate: 5000,
    concurrency: 2,
    quietHours: null,
    reconcileGraceMs: 50,
    now: clock.now,
    idlePollMs: 5,
    heartbeatMs: 50,
    trackIntervalMs: 20,
    reconcileIntervalMs: 10,
    retry: { baseDelayMs: 5, maxDelayMs: 40, maxAttempts: 4 },
    holdMs: 50,
  };
}

export interface Harness {
  store: Awaited<ReturnType<typeof openTempStore>>;
  sim: Simulator;
  client: GatewayClient;
  clock: MovingClock;
  worker(overrides?: Partial<WorkerOptions>): Worker;
  dispose(): Promise<void>;
}

/**
 * A real SQLite file, the simulator over HTTP on port 0 and workers with small timing knobs, so a
 * whole send → lose → reconcile → resend cycle takes milliseconds.
 */
export async function createHarness(simOptions: Parameters<typeof startTestSimulator>[0] = {}): Promise<Harness> {
  const store = await openTempStore();
  // One clock for us and the gateway: the skew margin (10 min) is all the disagreement reconciliation allows.
  const clock = movingClock();
  const sim = await startTestSimulator({ now: () => clock.now().getTime(), ...simOptions });
  const client = testClient(sim);
  return {
    store,
    sim,
    client,
    clock,
    worker: (overrides = {}) =>
      createWorker({
        db: store.db,
        client,
        ...fastWorkerTiming(clock),
        ...overrides,
      }),
    async dispose() {
      await sim.close();
      await store.dispose();
    },
  };
}

/** A fresh harness for every test of the file (made before each, disposed after): `harness()` answers the current one. */
export function useHarnessPerTest(): () => Harness {
  let current: Harness | undefined;
  beforeEach(async () => {
    current = await createHarness();
  });
  afterEach(async () => {
    await current?.dispose();
    current = undefined;
  });
  return () => {
    if (current === undefined) throw new Error('the harness exists only inside a test');
    return current;
  };
}
