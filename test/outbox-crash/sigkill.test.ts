/**
 * The outbox's exactly-once guarantee under SIGKILL: a campaign of 3,000 recipients is sent by a
 * worker killed nine times at seeded moments (materialising, claiming, waiting on a call,
 * recording), then finished by `worker --until-idle`. The gateway's own record must show exactly
 * one message per recipient, whatever moments the kills landed on.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt } from '../support/index.js';
import {
  auditDeliveries,
  CLEAN_AUDIT,
  createCrashEnv,
  customers,
  expectedBody,
  killRepeatedly,
  runUntilIdle,
  seededRandom,
  unsettled,
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
    // Each message is 2 UCS-2 segments (the opt-out line is partly Urdu): 600 segments/s is 300
    // messages/s, so the campaign outlasts the kill rounds and they land all through it.
    env = await createCrashEnv({ env: { SEND_RATE: '600' } });
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

    const expected = new Map(list.map((c) => [c.phone, expectedBody(c)]));
    expect(auditDeliveries(env.sim.outbound(), expected)).toEqual(CLEAN_AUDIT);
    expect(env.sim.outbound()).toHaveLength(RECIPIENTS);

    const status = await env.campaignStatus(id);
    expect(status.campaign.state).toBe('completed');
    expect(status.total).toBe(RECIPIENTS);
    expect(unsettled(status.counts)).toBe(0);
    expect((status.counts.accepted ?? 0) + (status.counts.delivered ?? 0) + (status.counts.failed ?? 0)).toBe(RECIPIENTS);
  }, 120_000);
});
