/**
 * Issue 15: a prepaid account runs out of SMS units part-way through a campaign. Sending is held,
 * not failed: the rest waits, the worker is SIGKILLed while held, the cafe tops up and resumes,
 * and every recipient still gets exactly one message, none failed, the campaign completed.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt } from '../support/index.js';
import {
  createCrashEnv,
  customers,
  expectEveryoneOnceAndCampaignCompleted,
  runUntilIdle,
  waitForWorkerStart,
  waitUntil,
  type CampaignStatus,
  type CrashEnv,
} from './support/index.js';

const RECIPIENTS = 300;
const UNITS = 100;
const NO_UNITS = 'waiting: the account has no SMS units left — top up, then resume';

let env: CrashEnv | undefined;
beforeAll(() => assertCliBuilt());
afterEach(async () => {
  await env?.close();
  env = undefined;
});

type StatusWithWait = CampaignStatus & { waitingFor: string | null };

describe('an account that runs out of SMS units', () => {
  it('holds the rest instead of failing it, survives a SIGKILL while held, and sends each once after a top-up', async () => {
    env = await createCrashEnv({ simulator: { balance: UNITS, perPage: 100 } });
    const list = customers(RECIPIENTS, '303');
    await env.importCustomers(list, 'prepaid');
    const id = await env.createAndStartCampaign('Prepaid', 'prepaid');

    const worker = env.start(['worker']);
    await waitForWorkerStart(worker);
    const held = async () => (await env!.cliJson<StatusWithWait>(['campaign', 'status', String(id)])).waitingFor === NO_UNITS;
    await waitUntil('the campaign waits for SMS units', held, 30_000);
    expect(env.sim.outbound()).toHaveLength(UNITS);
    worker.child.kill('SIGKILL');
    await worker.exited();

    // Held, not failed: the campaign and its messages wait, and say why.
    const waiting = await env.cliJson<StatusWithWait>(['campaign', 'status', String(id)]);
    expect(waiting).toMatchObject({ campaign: { state: 'running' }, waitingFor: NO_UNITS });
    const { db } = await env.store();
    // A message the simulator reports undelivered (about one in twenty) is the handset's failure, not the account's.
    const refusedBySending = () =>
      db
        .selectFrom('outbox_messages')
        .select(['phone', 'error_code'])
        .where('state', '=', 'failed')
        .where('error_code', '!=', 'undelivered')
        .execute();
    expect(await refusedBySending()).toEqual([]);
    // Claimed ahead when the refusal came, a few may still read `sending`: the next worker reconciles them.
    const waitingRows = await db
      .selectFrom('outbox_messages')
      .select('id')
      .where('state', 'in', ['queued', 'sending', 'unknown'])
      .execute();
    expect(waitingRows).toHaveLength(RECIPIENTS - UNITS);
    const text = await env.cli(['campaign', 'status', String(id)]);
    expect(text.stdout).toContain(NO_UNITS);

    env.sim.setOptions({ balance: 1000 });
    await env.cli(['campaign', 'resume', String(id)]);
    expect((await env.cliJson<StatusWithWait>(['campaign', 'status', String(id)])).waitingFor).toBeNull();
    await runUntilIdle(env, 90_000);

    await expectEveryoneOnceAndCampaignCompleted(env, list, id);
    expect(await refusedBySending()).toEqual([]);
    expect(env.sim.outbound()).toHaveLength(RECIPIENTS);
    // The simulator bills "1.00" a part: the gateway's own cost, recorded per message, summed.
    const done = await env.cliJson<StatusWithWait & { gatewayCost: number }>(['campaign', 'status', String(id)]);
    expect(done.gatewayCost).toBe(RECIPIENTS);
  }, 120_000);
});
