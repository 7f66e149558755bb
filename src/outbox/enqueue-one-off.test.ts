import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { enqueueOneOff, ONE_OFF_PRIORITY } from './enqueue-one-off.js';
import { setOptOut } from '../store/index.js';
import { addContact, allRows } from './test-support/fixtures.js';
import { openTempStore } from '../store/test-support/temp-store.js';

type TestStore = Awaited<ReturnType<typeof openTempStore>>;
let store: TestStore;
const now = new Date('2026-11-26T07:00:00.000Z');

beforeEach(async () => {
  store = await openTempStore();
});
afterEach(async () => {
  await store.dispose();
});

async function refusal(run: () => Promise<unknown>): Promise<CafeError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof CafeError)) throw new Error(`expected a CafeError, got ${String(error)}`);
  return error;
}

describe('enqueueOneOff', () => {
  it('queues a transactional message ahead of campaigns, linked to the contact, with its SMS shape', async () => {
    const contactId = await addContact(store.db, '923001234567');
    const { message, created } = await enqueueOneOff(store.db, { phone: '0300-1234567', body: 'آپ کا آرڈر تیار ہے' }, { now });
    expect(created).toBe(true);
    expect(message).toMatchObject({
      campaign_id: null,
      contact_id: contactId,
      phone: '923001234567',
      type: 'text',
      encoding: 'UCS-2',
      segments: 1,
      promotional: 0,
      priority: ONE_OFF_PRIORITY,
      state: 'queued',
      attempts: 0,
      next_attempt_at: now.toISOString(),
      idempotency_key: null,
    });
  });

  it('answers the existing row for a repeated idempotency key instead of inserting', async () => {
    const first = await enqueueOneOff(store.db, { phone: '03001234567', body: 'Ready', idempotencyKey: 'req-1' }, { now });
    const again = await enqueueOneOff(store.db, { phone: '+92 300 1234567', body: 'Ready', idempotencyKey: 'req-1' }, { now });
    expect(again).toEqual({ message: first.message, created: false });
    expect(await allRows(store.db)).toHaveLength(1);
    const other = await enqueueOneOff(store.db, { phone: '03001234567', body: 'Ready', idempotencyKey: 'req-2' }, { now });
    expect(other.created).toBe(true);
  });

  it('refuses a reused idempotency key for a different message', async () => {
    await enqueueOneOff(store.db, { phone: '03001234567', body: 'Ready', idempotencyKey: 'req-1' }, { now });
    const error = await refusal(() =>
      enqueueOneOff(store.db, { phone: '03001234567', body: 'Not ready', idempotencyKey: 'req-1' }, { now }),
    );
    expect(error).toMatchObject({ code: 'conflict', input: 'idempotencyKey' });
    expect(error.message).toContain('req-1');
  });

  it('refuses bad input with an error naming it', async () => {
    expect(await refusal(() => enqueueOneOff(store.db, { phone: '12', body: 'Hi' }, { now }))).toMatchObject({
      code: 'invalid_input',
      input: '12',
    });
    expect(await refusal(() => enqueueOneOff(store.db, { phone: '03001234567', body: '  ' }, { now }))).toMatchObject({
      code: 'invalid_input',
      input: 'body',
    });
    expect(await refusal(() => enqueueOneOff(store.db, { phone: '03001234567', body: 'not a url', type: 'image' }, { now }))).toMatchObject(
      { code: 'invalid_input', input: 'body' },
    );
    expect(
      await refusal(() => enqueueOneOff(store.db, { phone: '03001234567', body: 'Hi', type: 'video' as 'text' }, { now })),
    ).toMatchObject({ code: 'invalid_input', input: 'type' });
    expect(await refusal(() => enqueueOneOff(store.db, { phone: '03001234567', body: 'Hi', idempotencyKey: ' ' }, { now }))).toMatchObject({
      code: 'invalid_input',
      input: 'idempotencyKey',
    });
    expect(await allRows(store.db)).toHaveLength(0);
  });

  it('accepts an image URL', async () => {
    const { message } = await enqueueOneOff(
      store.db,
      { phone: '03001234567', body: 'https://cafe.example/menu.png', type: 'image' },
      { now },
    );
    expect(message.type).toBe('image');
  });

  it('refuses an opted-out customer at once, queuing nothing; a repeat of a request taken before is still answered', async () => {
    const contactId = await addContact(store.db, '923001234567');
    const first = await enqueueOneOff(store.db, { phone: '0300-1234567', body: 'Order 12 is ready', idempotencyKey: 'order-12' }, { now });
    await setOptOut(store.db, contactId, { now, source: 'inbound', reason: 'STOP' });
    const refused = await refusal(() => enqueueOneOff(store.db, { phone: '0300 1234567', body: 'Order 13 is ready' }, { now }));
    expect(refused).toMatchObject({
      code: 'conflict',
      input: '923001234567',
      field: 'phone',
      message: expect.stringMatching(/923001234567 opted out of messages on 2026-11-26/),
    });
    const repeat = await enqueueOneOff(store.db, { phone: '0300-1234567', body: 'Order 12 is ready', idempotencyKey: 'order-12' }, { now });
    expect(repeat).toMatchObject({ created: false, message: { id: first.message.id } });
    expect(await allRows(store.db)).toHaveLength(1);
  });
});
