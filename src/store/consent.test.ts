import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { findContactById, listConsentEvents, optOutMany, setOptIn, setOptOut, upsertContacts } from './index.js';
import { openTempStore, type TempStore } from './test-support/temp-store.js';

let store: TempStore;
let contactId: number;

beforeEach(async () => {
  store = await openTempStore();
  const [contact] = await upsertContacts(store.db, [{ phone: '923001234567', name: 'Ayesha' }]);
  contactId = contact!.id;
});

afterEach(async () => {
  await store.dispose();
});

describe('consent', () => {
  it('opts a contact out with the reason and records the event', async () => {
    const now = new Date('2024-05-01T10:00:00.000Z');
    expect(await setOptOut(store.db, contactId, { source: 'inbound', reason: ' replied STOP ', now })).toEqual({ changed: true });
    expect(await findContactById(store.db, contactId)).toMatchObject({
      optedOutAt: '2024-05-01T10:00:00.000Z',
      optOutReason: 'replied STOP',
      updatedAt: '2024-05-01T10:00:00.000Z',
    });
    expect(await listConsentEvents(store.db, contactId)).toEqual([
      {
        id: expect.any(Number),
        contactId,
        change: 'opt_out',
        source: 'inbound',
        reason: 'replied STOP',
        actor: null,
        createdAt: '2024-05-01T10:00:00.000Z',
      },
    ]);
  });

  it('does nothing when the contact is already opted out, keeping the first time and reason', async () => {
    await setOptOut(store.db, contactId, { source: 'inbound', reason: 'STOP', now: new Date('2024-05-01T10:00:00.000Z') });
    expect(await setOptOut(store.db, contactId, { source: 'cli', reason: 'again', now: new Date('2024-06-01T10:00:00.000Z') })).toEqual({
      changed: false,
    });
    expect(await findContactById(store.db, contactId)).toMatchObject({ optedOutAt: '2024-05-01T10:00:00.000Z', optOutReason: 'STOP' });
    expect(await listConsentEvents(store.db, contactId)).toHaveLength(1);
  });

  it('opts back in, clearing the opt-out, and records that too', async () => {
    await setOptOut(store.db, contactId, { source: 'inbound', now: new Date('2024-05-01T10:00:00.000Z') });
    expect(await setOptIn(store.db, contactId, { source: 'dashboard', now: new Date('2024-05-02T10:00:00.000Z') })).toEqual({
      changed: true,
    });
    expect(await findContactById(store.db, contactId)).toMatchObject({ optedOutAt: null, optOutReason: null });
    const events = await listConsentEvents(store.db, contactId);
    expect(events.map((e) => [e.change, e.source, e.createdAt])).toEqual([
      ['opt_out', 'inbound', '2024-05-01T10:00:00.000Z'],
      ['opt_in', 'dashboard', '2024-05-02T10:00:00.000Z'],
    ]);
  });

  it('records who changed the consent, with their reason', async () => {
    await setOptOut(store.db, contactId, { source: 'inbound', reason: 'STOP' });
    await setOptIn(store.db, contactId, { source: 'dashboard', reason: 'asked at the counter', actor: 'bilal' });
    const events = await listConsentEvents(store.db, contactId);
    expect(events.map((e) => [e.change, e.source, e.actor, e.reason])).toEqual([
      ['opt_out', 'inbound', null, 'STOP'],
      ['opt_in', 'dashboard', 'bilal', 'asked at the counter'],
    ]);
  });

  it('does nothing when opting in a contact who never opted out', async () => {
    expect(await setOptIn(store.db, contactId, { source: 'cli' })).toEqual({ changed: false });
    expect(await listConsentEvents(store.db, contactId)).toEqual([]);
  });

  it.each([
    ['opt-out', setOptOut],
    ['opt-in', setOptIn],
  ])('refuses an %s for a contact that does not exist, naming the id', async (_, change) => {
    const error = await change(store.db, 424242, { source: 'api' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CafeError);
    expect((error as CafeError).code).toBe('invalid_input');
    expect((error as CafeError).message).toMatch(/424242/);
  });

  it('joins the caller’s transaction, so a failure later in it undoes the opt-out', async () => {
    const failure = store.db
      .transaction()
      .execute(async (trx) => {
        await setOptOut(trx, contactId, { source: 'api' });
        throw new Error('later step failed');
      })
      .catch((e: unknown) => e);
    expect(await failure).toBeInstanceOf(Error);
    expect((await findContactById(store.db, contactId))?.optedOutAt).toBeNull();
    expect(await listConsentEvents(store.db, contactId)).toEqual([]);
  });

  it('opts many out at once, each since its own time, leaving those already out as they were', async () => {
    await setOptOut(store.db, contactId, { source: 'inbound', reason: 'STOP', now: new Date('2024-01-01T00:00:00.000Z') });
    const others = await upsertContacts(
      store.db,
      Array.from({ length: 400 }, (_, i) => ({ phone: `92301${String(1_000_000 + i)}` })),
    );
    const now = new Date('2025-06-01T00:00:00.000Z');
    const optOuts = [
      { contactId, at: new Date('2025-01-01T00:00:00.000Z') },
      ...others.map((c, i) => ({ contactId: c.id, at: new Date(Date.UTC(2025, 0, 1 + (i % 28))) })),
    ];
    expect(await optOutMany(store.db, optOuts, { source: 'import', reason: 'from a file', now })).toBe(400);
    expect(await findContactById(store.db, contactId)).toMatchObject({ optedOutAt: '2024-01-01T00:00:00.000Z', optOutReason: 'STOP' });
    expect(await findContactById(store.db, others[27]!.id)).toMatchObject({
      optedOutAt: '2025-01-28T00:00:00.000Z',
      optOutReason: 'from a file',
    });
    expect(await listConsentEvents(store.db, others[0]!.id)).toEqual([
      {
        id: expect.any(Number),
        contactId: others[0]!.id,
        change: 'opt_out',
        source: 'import',
        reason: 'from a file',
        actor: null,
        createdAt: now.toISOString(),
      },
    ]);
    expect(await listConsentEvents(store.db, contactId)).toHaveLength(1);
    expect(await optOutMany(store.db, optOuts, { source: 'import', now })).toBe(0);
  });
});
