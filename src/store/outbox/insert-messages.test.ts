import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewOutboxMessage } from '../messaging-tables.js';
import { openTempStore, type TempStore } from '../test-support/temp-store.js';
import { writeTransaction } from '../write-transaction.js';
import { insertOutboxMessages } from './insert-messages.js';

let store: TempStore;
let campaignId: number;
const NOW = '2026-11-26T07:00:00.000Z';

function row(phone: string, overrides: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
  return {
    campaign_id: campaignId,
    contact_id: null,
    phone,
    body: 'Hello',
    type: 'text',
    encoding: 'GSM-7',
    segments: 1,
    state: 'queued',
    next_attempt_at: NOW,
    created_at: NOW,
    updated_at: NOW,
    ...overrides,
  };
}

const phones = (count: number, from = 0) => Array.from({ length: count }, (_, i) => `9230000${String(from + i).padStart(5, '0')}`);

beforeEach(async () => {
  store = await openTempStore();
  const campaign = await store.db
    .insertInto('campaigns')
    .values({ name: 'c', template: 't', type: 'text', purpose: 'promotional', state: 'running', created_at: NOW, updated_at: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
  campaignId = campaign.id;
});
afterEach(async () => {
  await store.dispose();
});

const countRows = async () =>
  Number(
    (
      await store.db
        .selectFrom('outbox_messages')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('insertOutboxMessages', () => {
  it('inserts every row, in statements of at most 500, and says how many', async () => {
    expect(
      await insertOutboxMessages(
        store.db,
        phones(1234).map((phone) => row(phone)),
      ),
    ).toBe(1234);
    expect(await countRows()).toBe(1234);
  });

  it('inserts nothing for an empty list', async () => {
    expect(await insertOutboxMessages(store.db, [])).toBe(0);
  });

  it('leaves out a second row for the same (campaign, phone), counting only what went in', async () => {
    await insertOutboxMessages(
      store.db,
      phones(3).map((phone) => row(phone)),
    );
    const again = await insertOutboxMessages(
      store.db,
      phones(5).map((phone) => row(phone, { body: 'changed' })),
    );
    expect(again).toBe(2);
    const bodies = await store.db.selectFrom('outbox_messages').select('body').orderBy('id').execute();
    expect(bodies.map((b) => b.body)).toEqual(['Hello', 'Hello', 'Hello', 'changed', 'changed']);
  });

  it('lets one-off rows (no campaign) share a phone, but not an idempotency key', async () => {
    const oneOff = (key: string | null) => row('923001234567', { campaign_id: null, priority: 10, idempotency_key: key });
    expect(await insertOutboxMessages(store.db, [oneOff(null), oneOff(null), oneOff('k1')])).toBe(3);
    expect(await insertOutboxMessages(store.db, [oneOff('k1')])).toBe(0);
  });

  it("is all-or-nothing inside the caller's transaction", async () => {
    await expect(
      writeTransaction(store.db, async (trx) => {
        await insertOutboxMessages(
          trx,
          phones(600).map((phone) => row(phone)),
        );
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    expect(await countRows()).toBe(0);
  });

  it('still fails on a broken row (a foreign key that points nowhere)', async () => {
    await expect(insertOutboxMessages(store.db, [row('923001234567', { campaign_id: 999 })])).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringMatching(/FOREIGN KEY|foreign key/),
    });
  });
});
