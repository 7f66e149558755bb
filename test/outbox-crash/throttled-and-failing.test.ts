/**
 * A gateway that throttles (429 with Retry-After, from a low request rate and injected faults) and
 * fails a fifth of its calls with 503 before processing them, while the worker is SIGKILLed at
 * seeded moments. Refused calls are retried later; nothing may be lost or doubled.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt } from '../support/index.js';
import {
  createCrashEnv,
  expectEveryoneOnceAndCampaignCompleted,
  customers,
  killRepeatedly,
  runUntilIdle,
  seededRandom,
  type CrashEnv,
} from './support/index.js';

const RECIPIENTS = 600;

let env: CrashEnv | undefined;
beforeAll(() => assertCliBuilt());
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('a campaign against a throttling, failing gateway', () => {
  it('retries what was refused and still reaches every recipient exactly once', async () => {
    env = await createCrashEnv({
      simulator: { errorRate: 0.2, rateLimit: 20, perPage: 100, seed: 11 },
      env: { SEND_RATE: '600' },
    });
    const list = customers(RECIPIENTS, '302');
    await env.importCustomers(list, 'throttled');
    const id = await env.createAndStartCampaign('Throttled', 'throttled');
    env.sim.injectFaults({ kind: 'http_429', on: 'bulk', times: 3, retryAfterSeconds: 1 }, { kind: 'http_503', on: 'bulk', times: 2 });

    await killRepeatedly(env, { random: seededRandom(9001), rounds: 5, minMs: 100, maxMs: 800 });
    await runUntilIdle(env, 150_000);

    const stats = env.sim.stats();
    expect(stats.answered429).toBeGreaterThan(0);
    expect(stats.faultsApplied).toBeGreaterThan(0);
    await expectEveryoneOnceAndCampaignCompleted(env, list, id);
  }, 180_000);
});
