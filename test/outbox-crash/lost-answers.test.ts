/**
 * Answers lost on the wire: the simulator processes a fifth of the send calls and then cuts the
 * connection without answering (the worker cannot know whether the gateway took them), while the
 * worker is also SIGKILLed at seeded moments. Every lost batch must be found in the gateway's list
 * and recorded as accepted, never sent again.
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

const RECIPIENTS = 800;

let env: CrashEnv | undefined;
beforeAll(() => assertCliBuilt());
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('a campaign whose answers the gateway loses after accepting', () => {
  it('is reconciled against the list, not re-sent: every recipient exactly once', async () => {
    env = await createCrashEnv({ simulator: { cutRate: 0.2, seed: 7 }, env: { SEND_RATE: '600' } });
    const list = customers(RECIPIENTS, '301');
    await env.importCustomers(list, 'lost');
    const id = await env.createAndStartCampaign('Lost answers', 'lost');

    await killRepeatedly(env, { random: seededRandom(4242), rounds: 5, minMs: 100, maxMs: 800 });
    await runUntilIdle(env);

    // Some calls really were cut after the gateway stored their messages.
    expect(env.sim.stats().cut).toBeGreaterThan(0);
    await expectEveryoneOnceAndCampaignCompleted(env, list, id);

    // Every row knows the gateway's uid of its message, the reconciled ones included.
    const store = await env.store();
    const withoutUid = await store.db
      .selectFrom('outbox_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign_id', '=', id)
      .where('gateway_uid', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(withoutUid.n)).toBe(0);
    const uids = new Set(env.sim.outbound().map((r) => r.uid));
    const rows = await store.db.selectFrom('outbox_messages').select('gateway_uid').where('campaign_id', '=', id).execute();
    expect(rows.every((row) => row.gateway_uid !== null && uids.has(row.gateway_uid))).toBe(true);
  }, 120_000);
});
