/**
 * The outbox's exactly-once guarantee under SIGKILL: a campaign of 3,000 recipients is sent by a
 * worker killed nine times at seeded moments (materialising, claiming, waiting on a call,
 * recording), then finished by `worker --until-idle`. The gateway's own record must show exactly
 * one message per recipient, whatever moments the kills landed on.
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

const RECIPIENTS = 3000;

let env: CrashEnv | undefined;
beforeAll(() => assertCliBuilt());
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('a campaign sent by a worker that is SIGKILLed again and again', () => {
  it('reaches every one of 3,000 recipients exactly once', async () => {
    // Each message is one GSM-7 segment (English text, English opt-out line): 300 segments/s is 300
    // messages/s, so the campaign outlasts the kill rounds and they land all through it.
    env = await createCrashEnv({ env: { SEND_RATE: '300' } });
    const list = customers(RECIPIENTS);
    await env.importCustomers(list, 'regulars');
    const id = await env.createAndStartCampaign('Chai Tuesday', 'regulars');
    // The gateway stores each batch, then holds its answer back 80 ms: kills land between the two,
    // the case where only the gateway's list can tell that the batch went out.
    env.sim.injectFaults({ kind: 'delay', on: 'bulk', delayMs: 80, times: 1_000_000 });

    const rounds = await killRepeatedly(env, { random: seededRandom(20_261_125), rounds: 9, minMs: 100, maxMs: 800 });
    // Every round was a kill, and the campaign was still going when the last one fell (the pace
    // allows at most ~300 messages a second).
    expect(rounds.every((r) => r.signal === 'SIGKILL')).toBe(true);
    expect(rounds.at(-1)!.sentAfter).toBeLessThan(RECIPIENTS);

    await runUntilIdle(env);

    await expectEveryoneOnceAndCampaignCompleted(env, list, id);
    expect(env.sim.outbound()).toHaveLength(RECIPIENTS);
  }, 120_000);
});
