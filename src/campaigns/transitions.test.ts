import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import type { MessageState } from '../states/index.js';
import { insertOutboxMessages } from '../store/outbox/index.js';
import { openTempStore, type TempStore } from '../store/test-support/temp-store.js';
import {
  cancelCampaign,
  createCampaign,
  parseCampaignId,
  pauseCampaign,
  possibleActions,
  resumeCampaign,
  scheduleCampaign,
  startCampaign,
} from './index.js';
import { OPT_OUT, optOut, outboxRow, seedContacts, testClock } from './test-support/fixtures.js';

let store: TempStore;
const clock = testClock();
const deps = { now: clock.now };
const HOUR = 3_600_000;

async function draft(): Promise<number> {
  return (
    await createCampaign(
      store.db,
      { name: 'Winter', template: 'Hi {{name}}' },
      { optOutText: OPT_OUT, now: clock.now, defaultCountry: 'PK', maxSegments: 10 },
    )
  ).id;
}

async function refusal(promise: Promise<unknown>): Promise<CafeError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CafeError);
  return error as CafeError;
}

describe('campaign transitions', () => {
  let customers: number[];
  beforeEach(async () => {
    store = await openTempStore();
    customers = await seedContacts(store.db, 1); // a campaign nobody could receive does not start
  });
  afterEach(async () => {
    await store.dispose();
  });

  it('walks draft → running → paused → running → cancelled', async () => {
    const id = await draft();
    expect(await startCampaign(store.db, id, deps)).toMatchObject({ state: 'running', startedAt: clock.now().toISOString() });
    expect((await pauseCampaign(store.db, id, deps)).state).toBe('paused');
    expect((await resumeCampaign(store.db, id, deps)).state).toBe('running');
    expect(await cancelCampaign(store.db, id, deps)).toMatchObject({ state: 'cancelled', cancelledAt: clock.now().toISOString() });
  });

  it('schedules a draft, reschedules it, and starts it early on demand', async () => {
    const id = await draft();
    const at = new Date(clock.now().getTime() + HOUR);
    expect(await scheduleCampaign(store.db, id, at, deps)).toMatchObject({ state: 'scheduled', scheduledAt: at.toISOString() });
    const later = new Date(at.getTime() + HOUR);
    expect((await scheduleCampaign(store.db, id, later, deps)).scheduledAt).toBe(later.toISOString());
    expect((await startCampaign(store.db, id, deps)).state).toBe('running');
  });

  it('refuses a schedule time in the past', async () => {
    const id = await draft();
    const error = await refusal(scheduleCampaign(store.db, id, new Date(clock.now().getTime() - 1), deps));
    expect(error.code).toBe('invalid_input');
  });

  it.each([
    ['pause', 'draft', pauseCampaign, /is draft, so it cannot be paused \(possible now: schedule, start, cancel\)/],
    ['resume', 'draft', resumeCampaign, /cannot be resumed/],
  ] as const)('refuses to %s a %s campaign, saying what is possible', async (_action, _state, act, message) => {
    const id = await draft();
    const error = await refusal(act(store.db, id, deps));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(message);
    expect(error.details).toMatchObject({ state: 'draft' });
  });

  it('refuses every action on a cancelled campaign', async () => {
    const id = await draft();
    await cancelCampaign(store.db, id, deps);
    for (const act of [startCampaign, pauseCampaign, resumeCampaign, cancelCampaign]) {
      const error = await refusal(act(store.db, id, deps));
      expect(error.code).toBe('conflict');
      expect(error.message).toMatch(/is cancelled, .*nothing more can be done/);
    }
    const error = await refusal(scheduleCampaign(store.db, id, new Date(clock.now().getTime() + HOUR), deps));
    expect(error.code).toBe('conflict');
  });

  it('refuses to start a campaign nobody could receive, saying why; it stays a draft', async () => {
    const tagged = (
      await createCampaign(
        store.db,
        { name: 'VIP', template: 'Hi', tags: ['vip'] },
        { optOutText: OPT_OUT, now: clock.now, defaultCountry: 'PK', maxSegments: 10 },
      )
    ).id;
    const noVip = await refusal(startCampaign(store.db, tagged, deps));
    expect(noVip).toMatchObject({ code: 'conflict', details: { recipients: 0 } });
    expect(noVip.message).toMatch(/nobody to send to: no contact tagged #vip who has not opted out/);
    await optOut(store.db, customers);
    const everyone = await draft();
    expect((await refusal(startCampaign(store.db, everyone, deps))).message).toMatch(/nobody to send to: no contact who has not opted out/);
    const states = await store.db.selectFrom('campaigns').select('state').where('id', 'in', [tagged, everyone]).execute();
    expect(states.map((row) => row.state)).toEqual(['draft', 'draft']);
  });

  it('refuses to start a running campaign twice', async () => {
    const id = await draft();
    await startCampaign(store.db, id, deps);
    const error = await refusal(startCampaign(store.db, id, deps));
    expect(error.message).toMatch(/is running, so it cannot be started \(possible now: pause, cancel\)/);
  });

  it('answers not_found for an unknown id and invalid_input for a bad one', async () => {
    const missing = await refusal(startCampaign(store.db, 999, deps));
    expect(missing.code).toBe('not_found');
    expect(missing.message).toContain('999');
    const bad = await refusal(startCampaign(store.db, 0, deps));
    expect(bad.code).toBe('invalid_input');
  });

  it('cancel moves only queued rows to cancelled, in the same transaction', async () => {
    const id = await draft();
    await startCampaign(store.db, id, deps);
    const states: MessageState[] = ['queued', 'queued', 'sending', 'unknown', 'accepted', 'delivered', 'failed', 'skipped'];
    await insertOutboxMessages(
      store.db,
      states.map((state, i) => outboxRow(id, `92300100000${i}`, state)),
    );
    await cancelCampaign(store.db, id, deps);
    const rows = await store.db.selectFrom('outbox_messages').select(['phone', 'state', 'final_at']).orderBy('id').execute();
    expect(rows.map((row) => row.state)).toEqual([
      'cancelled',
      'cancelled',
      'sending',
      'unknown',
      'accepted',
      'delivered',
      'failed',
      'skipped',
    ]);
    expect(rows[0]?.final_at).toBe(clock.now().toISOString());
  });

  it('pause and resume leave the rows alone', async () => {
    const id = await draft();
    await startCampaign(store.db, id, deps);
    await insertOutboxMessages(store.db, [outboxRow(id, '923001000001', 'queued'), outboxRow(id, '923001000002', 'sending')]);
    await pauseCampaign(store.db, id, deps);
    await resumeCampaign(store.db, id, deps);
    const rows = await store.db.selectFrom('outbox_messages').select('state').orderBy('id').execute();
    expect(rows.map((row) => row.state)).toEqual(['queued', 'sending']);
  });
});

describe('possibleActions', () => {
  it('lists what each state allows', () => {
    expect(possibleActions('draft')).toEqual(['schedule', 'start', 'cancel']);
    expect(possibleActions('scheduled')).toEqual(['schedule', 'start', 'cancel']);
    expect(possibleActions('running')).toEqual(['pause', 'cancel']);
    expect(possibleActions('paused')).toEqual(['resume', 'cancel']);
    expect(possibleActions('completed')).toEqual([]);
    expect(possibleActions('cancelled')).toEqual([]);
  });
});

describe('parseCampaignId', () => {
  it.each(['12', ' 12 ', 12])('reads %j', (input) => {
    expect(parseCampaignId(input)).toBe(12);
  });

  it.each(['abc', '', '-1', '0', '1.5', '1e3', 0, 1.5, Number.NaN])('refuses %j naming it', (input) => {
    expect(() => parseCampaignId(input)).toThrow(/is not a campaign id/);
  });
});
