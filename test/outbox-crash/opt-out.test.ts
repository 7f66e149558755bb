/**
 * Opt-outs landing while a campaign is being sent: customers reply STOP (or its Urdu form) to the
 * gateway, and the operator opts others out with the CLI. Once an opt-out is recorded, a customer
 * whose row has not been claimed yet must get nothing; everybody else exactly one message.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, type RunningCli } from '../support/index.js';
import {
  auditDeliveries,
  CLEAN_AUDIT,
  createCrashEnv,
  customers,
  expectedBody,
  rowStateByPhone,
  runUntilIdle,
  unsettled,
  waitForWorkerStart,
  waitUntil,
  type CrashEnv,
} from './support/index.js';

const RECIPIENTS = 800;
const STOP_WORDS = ['STOP', 'stop', 'Stop.', 'UNSUBSCRIBE', 'بند'];

let env: CrashEnv | undefined;
let worker: RunningCli | undefined;
beforeAll(() => assertCliBuilt());
afterEach(async () => {
  await worker?.stop('SIGKILL');
  worker = undefined;
  await env?.close();
  env = undefined;
});

describe('opt-outs that land mid-campaign', () => {
  it('a customer who opted out before their row was claimed gets no message', async () => {
    // 100 messages a second: the last rows wait eight seconds, time enough for the replies to be
    // read and the `contacts optout` processes to start, even on a busy machine.
    const e = (env = await createCrashEnv({ env: { SEND_RATE: '200' } }));
    const list = customers(RECIPIENTS, '305');
    await e.importCustomers(list, 'optout');
    const id = await e.createAndStartCampaign('Opt-outs', 'optout');
    const { db } = await e.store();
    // The last customers of the audience: their rows are claimed last.
    const byReply = list.slice(-30, -5);
    const byOperator = list.slice(-5);
    const optingOut = [...byReply, ...byOperator];

    worker = e.start(['worker']);
    await waitForWorkerStart(worker);
    await waitUntil('some messages went out', () => e.sim.outbound().length >= 50);
    byReply.forEach((c, i) => e.sim.injectInbound({ from: c.phone, message: STOP_WORDS[i % STOP_WORDS.length]! }));
    await Promise.all(byOperator.map((c) => e.cli(['contacts', 'optout', c.local, '--reason', 'asked at the counter'])));
    await waitUntil(
      'every opt-out is recorded',
      async () => {
        const rows = await db
          .selectFrom('contacts')
          .select('phone')
          .where(
            'phone',
            'in',
            optingOut.map((c) => c.phone),
          )
          .where('opted_out_at', 'is not', null)
          .execute();
        return rows.length === optingOut.length;
      },
      20_000,
    );
    // Read after every opt-out was committed: a row still waiting now may never be sent.
    const states = await rowStateByPhone(
      db,
      id,
      optingOut.map((c) => c.phone),
    );
    const mustGetNothing = new Set(optingOut.filter((c) => ['queued', 'skipped'].includes(states.get(c.phone) ?? '')).map((c) => c.phone));
    expect(mustGetNothing.size).toBeGreaterThan(0);

    const stopped = await worker.stop('SIGTERM');
    worker = undefined;
    expect(stopped.code).toBe(0);
    await runUntilIdle(e);

    const expected = new Map(list.filter((c) => !mustGetNothing.has(c.phone)).map((c) => [c.phone, expectedBody(c)]));
    expect(auditDeliveries(e.sim.outbound(), expected)).toEqual(CLEAN_AUDIT);
    const status = await e.campaignStatus(id);
    expect(status.campaign.state).toBe('completed');
    expect(unsettled(status.counts)).toBe(0);
    expect(status.counts.skipped).toBe(mustGetNothing.size);
    expect((status.counts.accepted ?? 0) + (status.counts.delivered ?? 0) + (status.counts.failed ?? 0)).toBe(
      RECIPIENTS - mustGetNothing.size,
    );
  }, 90_000);
});
