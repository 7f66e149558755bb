import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { measureSms } from '../sms/index.js';
import { upsertContacts } from '../store/index.js';
import { TEST_DIALECT } from '../store/test-support/test-database.js';
import { openTempStore, type TempStore } from '../store/test-support/temp-store.js';
import {
  advanceCampaigns,
  campaignAdvancer,
  cancelCampaign,
  createCampaign,
  pauseCampaign,
  resumeCampaign,
  startCampaign,
  type CreateCampaignInput,
} from './index.js';
import { outboxRowsFor } from './advance-campaigns.js';
import { OPT_OUT, optOut, seedContacts, testClock } from './test-support/fixtures.js';

let store: TempStore;
let clock: ReturnType<typeof testClock>;

beforeEach(async () => {
  store = await openTempStore();
  clock = testClock();
});
afterEach(async () => {
  await store.dispose();
});

async function runningCampaign(input: Partial<CreateCampaignInput> = {}): Promise<number> {
  const campaign = await createCampaign(
    store.db,
    { name: 'Winter', template: 'Hi {{first_name}}, winter menu is here!', ...input },
    { optOutText: OPT_OUT, now: clock.now, defaultCountry: 'PK', maxSegments: 10 },
  );
  await startCampaign(store.db, campaign.id, { now: clock.now });
  return campaign.id;
}

const advance = (batchSize = 2000) => advanceCampaigns(store.db, { now: clock.now, defaultCountry: 'PK', maxSegments: 10, batchSize });

async function rowsOf(campaignId: number) {
  return store.db.selectFrom('outbox_messages').selectAll().where('campaign_id', '=', campaignId).orderBy('contact_id').execute();
}

async function campaignRow(id: number) {
  return store.db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('advanceCampaigns: materialising', () => {
  it('turns every recipient into one queued row with the opt-out line, measured', async () => {
    await seedContacts(store.db, 3);
    const id = await runningCampaign();
    const result = await advance();
    expect(result).toEqual({ started: 0, materialized: 3, excluded: 0, failed: 0, completed: 0, materialising: 0 });
    const rows = await rowsOf(id);
    expect(rows).toHaveLength(3);
    const body = `Hi Customer, winter menu is here!\n${OPT_OUT}`;
    expect(rows[0]).toMatchObject({
      campaign_id: id,
      phone: '923001000001',
      body,
      type: 'text',
      encoding: measureSms(body).encoding,
      segments: measureSms(body).segments,
      promotional: 1,
      priority: 0,
      state: 'queued',
      attempts: 0,
      next_attempt_at: clock.now().toISOString(),
    });
    expect((await campaignRow(id)).enqueued_at).toBe(clock.now().toISOString());
  });

  it('marks transactional rows non-promotional and leaves the opt-out line out', async () => {
    await seedContacts(store.db, 2);
    const id = await runningCampaign({ transactional: true, template: 'Your order is ready, {{name}}' });
    await advance();
    const rows = await rowsOf(id);
    expect(rows.map((row) => [row.body, row.promotional])).toEqual([
      ['Your order is ready, Customer 1', 0],
      ['Your order is ready, Customer 2', 0],
    ]);
  });

  it('is resumable: batches of 7 over 50 contacts, a "crash" midway, then exactly one row per recipient', async () => {
    await seedContacts(store.db, 50);
    const id = await runningCampaign();
    for (let turn = 0; turn < 3; turn += 1) expect((await advance(7)).materialized).toBe(7);
    expect((await campaignRow(id)).enqueue_cursor).toBe(21);
    // The process dies here: nothing more is called. A new one picks up from the stored cursor.
    let turns = 0;
    let result;
    do {
      result = await advance(7);
      turns += 1;
    } while (result.materialising > 0);
    expect(turns).toBe(5); // 29 left: 7+7+7+7+1
    const rows = await rowsOf(id);
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((row) => row.phone)).size).toBe(50);
    expect((await campaignRow(id)).enqueued_at).not.toBeNull();
    expect((await advance(7)).materialized).toBe(0);
  });

  it('never doubles a recipient even if the cursor were lost (the unique index is the second fence)', async () => {
    await seedContacts(store.db, 10);
    const id = await runningCampaign();
    await advance(4);
    await store.db.updateTable('campaigns').set({ enqueue_cursor: 0 }).where('id', '=', id).execute();
    await advance(4);
    await advance(4);
    await advance(4);
    expect(await rowsOf(id)).toHaveLength(10);
  });

  it('excludes opted-out contacts (no row) and counts them', async () => {
    const ids = await seedContacts(store.db, 6);
    await optOut(store.db, [ids[1] ?? 0, ids[4] ?? 0]);
    const id = await runningCampaign();
    const result = await advance();
    expect(result).toMatchObject({ materialized: 4, excluded: 2 });
    expect((await rowsOf(id)).map((row) => row.phone)).toEqual(['923001000001', '923001000003', '923001000004', '923001000006']);
  });

  it('excludes contacts whose message renders empty', async () => {
    await seedContacts(store.db, 3, (i) => (i === 2 ? { fields: { coupon: 'WINTER10' } } : {}));
    const id = await runningCampaign({ template: '{{coupon}}' });
    expect(await advance()).toMatchObject({ materialized: 1, excluded: 2 });
    expect((await rowsOf(id))[0]?.body).toBe(`WINTER10\n${OPT_OUT}`);
  });

  it('sends to contacts with ANY of the tags, or to everyone without tags', async () => {
    await seedContacts(store.db, 6, (i) => ({ tags: i % 3 === 0 ? ['vip'] : i % 3 === 1 ? ['regular'] : ['new'] }));
    const tagged = await runningCampaign({ tags: ['VIP', 'regular'] });
    const everyone = await runningCampaign({ name: 'All' });
    await advance();
    expect((await rowsOf(tagged)).map((row) => row.phone.slice(-1))).toEqual(['1', '3', '4', '6']);
    expect(await rowsOf(everyone)).toHaveLength(6);
  });

  it('includes contacts added while materialising is still going', async () => {
    await seedContacts(store.db, 5);
    const id = await runningCampaign();
    await advance(3);
    await upsertContacts(store.db, [{ phone: '923009999999', name: 'Late Comer' }]);
    await advance(3);
    expect((await rowsOf(id)).map((row) => row.phone)).toContain('923009999999');
    expect(await advance(3)).toMatchObject({ materialising: 0 });
    await upsertContacts(store.db, [{ phone: '923008888888', name: 'Too Late' }]);
    await advance(3);
    expect(await rowsOf(id)).toHaveLength(6);
  });

  it('materialises paused campaigns but not drafts, scheduled or cancelled ones', async () => {
    await seedContacts(store.db, 2);
    const paused = await runningCampaign();
    await pauseCampaign(store.db, paused, { now: clock.now });
    const draft = (
      await createCampaign(
        store.db,
        { name: 'Draft', template: 'Hi' },
        { optOutText: OPT_OUT, now: clock.now, defaultCountry: 'PK', maxSegments: 10 },
      )
    ).id;
    const cancelled = await runningCampaign();
    await cancelCampaign(store.db, cancelled, { now: clock.now });
    await advance();
    expect(await rowsOf(paused)).toHaveLength(2);
    expect(await rowsOf(draft)).toHaveLength(0);
    expect(await rowsOf(cancelled)).toHaveLength(0);
  });

  it('renders image campaigns to the URL alone', async () => {
    await seedContacts(store.db, 2, (i) => ({ name: i === 1 ? 'Ali' : 'Sara Khan' }));
    const id = await runningCampaign({ type: 'image', template: 'https://cafe.example/card-{{first_name}}.jpg' });
    await advance();
    expect((await rowsOf(id)).map((row) => [row.body, row.type, row.promotional])).toEqual([
      ['https://cafe.example/card-Ali.jpg', 'image', 1],
      ['https://cafe.example/card-Sara.jpg', 'image', 1],
    ]);
  });

  it('works through the worker hook with the worker clock', async () => {
    await seedContacts(store.db, 2);
    const id = await runningCampaign();
    const hook = campaignAdvancer(store.db, { defaultCountry: 'PK', maxSegments: 10, batchSize: 1 });
    expect(await hook(clock.now())).toMatchObject({ materialized: 1, materialising: 1 });
    expect(await hook(clock.now())).toMatchObject({ materialized: 1, materialising: 1 });
    expect(await hook(clock.now())).toMatchObject({ materialized: 0, materialising: 0 });
    expect(await rowsOf(id)).toHaveLength(2);
  });

  // PostgreSQL plans from statistics that tables filled a moment ago (an import, a campaign's rows)
  // do not have yet: reltuples is -1 until a table is analysed.
  it.runIf(TEST_DIALECT === 'postgres')(
    'has PostgreSQL analyse the audience as a campaign begins, and the outbox once it is written',
    async () => {
      await seedContacts(store.db, 3);
      const analysed = async () => {
        const { rows } = await sql<{ relname: string; reltuples: number }>`
        select relname, reltuples from pg_class
        where relname in ('contacts', 'contact_tags', 'outbox_messages') and relkind = 'r'
          and relnamespace = current_schema()::regnamespace order by relname`.execute(store.db);
        return Object.fromEntries(rows.map((row) => [row.relname, Number(row.reltuples) >= 0]));
      };
      expect(await analysed()).toEqual({ contact_tags: false, contacts: false, outbox_messages: false });
      await runningCampaign();
      await advance(2);
      expect(await analysed()).toEqual({ contact_tags: true, contacts: true, outbox_messages: false });
      await advance(2);
      expect(await analysed()).toEqual({ contact_tags: true, contacts: true, outbox_messages: true });
    },
  );
});

describe('advanceCampaigns: schedules and completion', () => {
  it('starts a scheduled campaign when its time comes, not before', async () => {
    await seedContacts(store.db, 2);
    const at = new Date(clock.now().getTime() + 60_000);
    const { id } = await createCampaign(
      store.db,
      { name: 'Later', template: 'Hi', scheduledAt: at },
      { optOutText: OPT_OUT, now: clock.now, defaultCountry: 'PK', maxSegments: 10 },
    );
    expect(await advance()).toMatchObject({ started: 0, materialized: 0 });
    clock.advance(60_000);
    expect(await advance()).toMatchObject({ started: 1, materialized: 2 });
    expect(await campaignRow(id)).toMatchObject({ state: 'running', started_at: clock.now().toISOString() });
  });

  it('completes a running campaign only once materialised and nothing is queued, sending or unknown', async () => {
    await seedContacts(store.db, 3);
    const id = await runningCampaign();
    await advance(2);
    await store.db.updateTable('outbox_messages').set({ state: 'accepted' }).where('campaign_id', '=', id).execute();
    expect((await advance(2)).completed).toBe(0); // the last recipient was not materialised yet
    for (const state of ['sending', 'unknown', 'queued'] as const) {
      await store.db.updateTable('outbox_messages').set({ state }).where('phone', '=', '923001000003').execute();
      expect((await advance()).completed).toBe(0);
    }
    await store.db.updateTable('outbox_messages').set({ state: 'failed' }).where('phone', '=', '923001000003').execute();
    expect((await advance()).completed).toBe(1);
    expect(await campaignRow(id)).toMatchObject({ state: 'completed', completed_at: clock.now().toISOString() });
  });

  it('completes a campaign whose audience emptied after it started', async () => {
    const contacts = await seedContacts(store.db, 1, () => ({ tags: ['leaving'] }));
    const id = await runningCampaign({ tags: ['leaving'] });
    await optOut(store.db, contacts);
    expect(await advance()).toMatchObject({ materialized: 0, completed: 1 });
    expect((await campaignRow(id)).state).toBe('completed');
  });

  it('does not complete a paused campaign until it is resumed', async () => {
    await seedContacts(store.db, 1);
    const id = await runningCampaign();
    await advance();
    await store.db.updateTable('outbox_messages').set({ state: 'delivered' }).where('campaign_id', '=', id).execute();
    await pauseCampaign(store.db, id, { now: clock.now });
    expect((await advance()).completed).toBe(0);
    await resumeCampaign(store.db, id, { now: clock.now });
    expect((await advance()).completed).toBe(1);
  });
});

describe('advanceCampaigns: one message that cannot be built fails alone', () => {
  it('stores a message that grew past MAX_SEGMENTS after the campaign was created as failed, and queues the rest', async () => {
    await seedContacts(store.db, 3, () => ({ fields: { note: 'short' } }));
    const id = await runningCampaign({ template: 'Hi {{name}}, {{note}}' });
    await upsertContacts(store.db, [{ phone: '923001000002', fields: { note: 'long words '.repeat(140) } }]);
    const result = await advance();
    expect(result).toMatchObject({ materialized: 3, failed: 1, excluded: 0 });
    const rows = await rowsOf(id);
    expect(rows.map((row) => [row.phone, row.state])).toEqual([
      ['923001000001', 'queued'],
      ['923001000002', 'failed'],
      ['923001000003', 'queued'],
    ]);
    expect(rows[1]).toMatchObject({ error_code: 'message_too_long', final_at: clock.now().toISOString() });
    expect(rows[1]?.error_message).toMatch(/would be \d+ SMS parts, over the limit/);
    expect(rows[1]?.segments).toBeGreaterThan(10);
  });

  it('stores a recipient whose message throws while it is built as a failed row with the reason, and goes on', async () => {
    await seedContacts(store.db, 1);
    const id = await runningCampaign();
    const campaign = await campaignRow(id);
    const contact = (id: number, phone: string) => ({ id, phone, name: `Customer ${id}`, fields: '{}', opted_out_at: null });
    const build: Parameters<typeof outboxRowsFor>[1] = (recipient) => {
      if (recipient.phone.endsWith('2')) throw new Error('the template engine broke');
      return { ok: true, body: `Hi ${recipient.name ?? ''}`, encoding: 'GSM-7', segments: 1, characters: 11 };
    };
    const slice = outboxRowsFor(
      campaign,
      build,
      [contact(1, '923001000001'), contact(2, '923001000002'), contact(3, '923001000003')],
      'now',
      'PK',
    );
    expect(slice).toMatchObject({ excluded: 0, failed: 1 });
    expect(slice.rows.map((row) => [row.phone, row.state, row.error_code ?? null])).toEqual([
      ['923001000001', 'queued', null],
      ['923001000002', 'failed', 'message_not_built'],
      ['923001000003', 'queued', null],
    ]);
    expect(slice.rows[1]?.error_message).toBe(
      "Not sent: the message could not be made from this customer's details (the template engine broke)",
    );
  });

  it('renders a field named like a JavaScript object key as the contact value or nothing, never as code', async () => {
    // Refused as a field name now, but a database from before may hold one.
    await seedContacts(store.db, 2, (i) => (i === 1 ? { fields: { constructor: 'x' } } : {}));
    const id = await runningCampaign({ template: 'Hi {{name}} {{constructor}}' });
    await advance();
    const rows = await rowsOf(id);
    expect(rows.map((row) => [row.state, row.body.split('\n')[0]])).toEqual([
      ['queued', 'Hi Customer 1 x'],
      ['queued', 'Hi Customer 2'],
    ]);
  });

  it('moves the other campaigns along when one cannot be prepared, then says which one failed', async () => {
    await seedContacts(store.db, 2);
    const good = await runningCampaign();
    const bad = await runningCampaign({ name: 'Broken', template: 'Hello {{name}}' });
    await store.db.updateTable('campaigns').set({ template: 'Hello {{name' }).where('id', '=', bad).execute();
    await expect(advance()).rejects.toThrow(/Could not prepare the messages of campaign \d+ \(Broken\)/);
    expect(await rowsOf(good)).toHaveLength(2);
    expect(await rowsOf(bad)).toHaveLength(0);
  });
});
