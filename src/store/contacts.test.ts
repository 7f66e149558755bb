import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import {
  addTags,
  customFieldKeys,
  deleteContact,
  findContactById,
  findContactByPhone,
  iterateContacts,
  listContacts,
  listTags,
  removeTags,
  setOptOut,
  upsertContacts,
} from './index.js';
import { TEST_DIALECT } from './test-support/test-database.js';
import { openTempStore, type TempStore } from './test-support/temp-store.js';

let store: TempStore;

beforeEach(async () => {
  store = await openTempStore();
});

afterEach(async () => {
  await store.dispose();
});

const AYESHA = '923001234567';
const BILAL = '923011234567';
const CHAND = '923021234567';

describe('upsertContacts', () => {
  it('creates contacts with their fields and normalised tags', async () => {
    const now = new Date('2024-05-01T09:30:00.000Z');
    const result = await upsertContacts(
      store.db,
      [{ phone: AYESHA, name: '  Ayesha   Khan ', fields: { favourite_drink: 'chai' }, tags: [' VIP', 'Regulars ', ''] }],
      { now },
    );
    expect(result).toEqual([{ id: expect.any(Number), phone: AYESHA, created: true }]);
    expect(await findContactByPhone(store.db, AYESHA)).toEqual({
      id: result[0]?.id,
      phone: AYESHA,
      name: 'Ayesha Khan',
      fields: { favourite_drink: 'chai' },
      tags: ['regulars', 'vip'],
      optedOutAt: null,
      optOutReason: null,
      createdAt: '2024-05-01T09:30:00.000Z',
      updatedAt: '2024-05-01T09:30:00.000Z',
    });
  });

  it('updates an existing contact: non-empty values win, empty ones keep what is there, tags add up', async () => {
    const [first] = await upsertContacts(
      store.db,
      [{ phone: AYESHA, name: 'Ayesha', fields: { drink: 'chai', city: 'Lahore' }, tags: ['vip'] }],
      {
        now: new Date('2024-05-01T00:00:00.000Z'),
      },
    );
    const [second] = await upsertContacts(
      store.db,
      [{ phone: AYESHA, name: '', fields: { drink: 'coffee', city: '  ' }, tags: ['lunch'] }],
      { now: new Date('2024-06-01T00:00:00.000Z') },
    );
    expect(second).toEqual({ id: first?.id, phone: AYESHA, created: false });
    const contact = await findContactByPhone(store.db, AYESHA);
    expect(contact).toMatchObject({
      name: 'Ayesha',
      fields: { drink: 'coffee', city: 'Lahore' },
      tags: ['lunch', 'vip'],
      createdAt: '2024-05-01T00:00:00.000Z',
      updatedAt: '2024-06-01T00:00:00.000Z',
    });
  });

  it('removes a custom field given as null', async () => {
    await upsertContacts(store.db, [{ phone: AYESHA, fields: { drink: 'chai', city: 'Lahore' } }]);
    await upsertContacts(store.db, [{ phone: AYESHA, fields: { city: null } }]);
    expect((await findContactByPhone(store.db, AYESHA))?.fields).toEqual({ drink: 'chai' });
  });

  it('merges inputs for the same phone in one call: later non-empty values win, tags union', async () => {
    const result = await upsertContacts(store.db, [
      { phone: AYESHA, name: 'Ayesha', fields: { drink: 'chai' }, tags: ['a'] },
      { phone: BILAL, name: 'Bilal' },
      { phone: AYESHA, name: '', fields: { drink: 'coffee', city: 'Lahore' }, tags: ['b'] },
    ]);
    expect(result.map((r) => [r.phone, r.created])).toEqual([
      [AYESHA, true],
      [BILAL, true],
    ]);
    expect(await findContactByPhone(store.db, AYESHA)).toMatchObject({
      name: 'Ayesha',
      fields: { drink: 'coffee', city: 'Lahore' },
      tags: ['a', 'b'],
    });
  });

  it('never touches opt-out state', async () => {
    const [contact] = await upsertContacts(store.db, [{ phone: AYESHA }]);
    await setOptOut(store.db, contact!.id, { source: 'cli', reason: 'asked at the counter' });
    await upsertContacts(store.db, [{ phone: AYESHA, name: 'Ayesha' }]);
    expect(await findContactByPhone(store.db, AYESHA)).toMatchObject({
      name: 'Ayesha',
      optedOutAt: expect.any(String),
      optOutReason: 'asked at the counter',
    });
  });

  it('writes thousands of contacts in one call', async () => {
    const inputs = Array.from({ length: 3000 }, (_, i) => ({ phone: `9230012${String(i).padStart(5, '0')}`, tags: ['bulk'] }));
    const result = await upsertContacts(store.db, inputs);
    expect(result).toHaveLength(3000);
    expect(new Set(result.map((r) => r.id)).size).toBe(3000);
    expect((await listContacts(store.db, { tags: ['bulk'] })).total).toBe(3000);
  });

  it('refuses a phone that was not normalised, writing nothing', async () => {
    const error = await upsertContacts(store.db, [{ phone: AYESHA }, { phone: '0300-1234567' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CafeError);
    expect((error as CafeError).code).toBe('invalid_input');
    expect((error as CafeError).input).toBe('0300-1234567');
    expect((await listContacts(store.db)).total).toBe(0);
  });

  it('answers nothing for no inputs', async () => {
    expect(await upsertContacts(store.db, [])).toEqual([]);
  });
});

describe('finding, listing and searching', () => {
  beforeEach(async () => {
    await upsertContacts(store.db, [
      { phone: AYESHA, name: 'Ayesha Khan', tags: ['vip', 'lunch'] },
      { phone: BILAL, name: 'Bilal 100%_sure', tags: ['lunch'] },
      { phone: CHAND, name: null, tags: [] },
    ]);
    const chand = await findContactByPhone(store.db, CHAND);
    await setOptOut(store.db, chand!.id, { source: 'cli' });
  });

  it('finds by id and by phone, and answers undefined for strangers', async () => {
    const byPhone = await findContactByPhone(store.db, BILAL);
    expect(byPhone?.name).toBe('Bilal 100%_sure');
    expect(await findContactById(store.db, byPhone!.id)).toEqual(byPhone);
    expect(await findContactByPhone(store.db, '923339999999')).toBeUndefined();
    expect(await findContactById(store.db, 999_999)).toBeUndefined();
  });

  it('lists everyone oldest first with the total', async () => {
    const page = await listContacts(store.db);
    expect(page.total).toBe(3);
    expect(page.contacts.map((c) => c.phone)).toEqual([AYESHA, BILAL, CHAND]);
    expect(page.contacts[0]?.tags).toEqual(['lunch', 'vip']);
  });

  it('pages with limit and offset, the total counting all matches', async () => {
    const page = await listContacts(store.db, { limit: 1, offset: 1 });
    expect(page).toMatchObject({ total: 3, contacts: [{ phone: BILAL }] });
  });

  it.each([
    ['ayesha', [AYESHA]],
    ['KHAN', [AYESHA]],
    ['0300-123', [AYESHA]],
    ['+92 301', [BILAL]],
    ['100%', [BILAL]],
    ['_', [BILAL]],
    ['nobody', []],
  ])('searches names and numbers for %j', async (search, phones) => {
    const page = await listContacts(store.db, { search });
    expect(page.contacts.map((c) => c.phone)).toEqual(phones);
    expect(page.total).toBe(phones.length);
  });

  it('filters by any of several tags, case-insensitively', async () => {
    expect((await listContacts(store.db, { tags: ['VIP'] })).contacts.map((c) => c.phone)).toEqual([AYESHA]);
    expect((await listContacts(store.db, { tags: ['vip', 'lunch'] })).contacts.map((c) => c.phone)).toEqual([AYESHA, BILAL]);
    expect((await listContacts(store.db, { tags: ['nope'] })).total).toBe(0);
  });

  it('filters by opt-out state', async () => {
    expect((await listContacts(store.db, { optedOut: true })).contacts.map((c) => c.phone)).toEqual([CHAND]);
    expect((await listContacts(store.db, { optedOut: false })).contacts.map((c) => c.phone)).toEqual([AYESHA, BILAL]);
  });

  it('combines filters', async () => {
    const page = await listContacts(store.db, { tags: ['lunch'], search: 'bilal', optedOut: false });
    expect(page.contacts.map((c) => c.phone)).toEqual([BILAL]);
  });

  it('iterates every match in keyset pages', async () => {
    const pages: string[][] = [];
    for await (const page of iterateContacts(store.db, {}, 2)) pages.push(page.map((c) => c.phone));
    expect(pages).toEqual([[AYESHA, BILAL], [CHAND]]);
    const lunch: string[] = [];
    for await (const page of iterateContacts(store.db, { tags: ['lunch'] })) lunch.push(...page.map((c) => c.phone));
    expect(lunch).toEqual([AYESHA, BILAL]);
  });
});

describe('tags, fields and deletion', () => {
  it('adds and removes tags', async () => {
    const [contact] = await upsertContacts(store.db, [{ phone: AYESHA, tags: ['vip'] }]);
    await addTags(store.db, contact!.id, ['Lunch', 'vip', ' ']);
    expect((await findContactById(store.db, contact!.id))?.tags).toEqual(['lunch', 'vip']);
    await removeTags(store.db, contact!.id, ['VIP', 'unknown']);
    await removeTags(store.db, contact!.id, []);
    expect((await findContactById(store.db, contact!.id))?.tags).toEqual(['lunch']);
  });

  it('counts contacts per tag', async () => {
    await upsertContacts(store.db, [
      { phone: AYESHA, tags: ['vip', 'lunch'] },
      { phone: BILAL, tags: ['lunch'] },
    ]);
    expect(await listTags(store.db)).toEqual([
      { tag: 'lunch', contacts: 2 },
      { tag: 'vip', contacts: 1 },
    ]);
  });

  it('lists the custom field keys in use', async () => {
    expect(await customFieldKeys(store.db)).toEqual([]);
    await upsertContacts(store.db, [
      { phone: AYESHA, fields: { favourite_drink: 'chai', city: 'Lahore' } },
      { phone: BILAL, fields: { city: 'Karachi', birthday: '12 May' } },
    ]);
    expect(await customFieldKeys(store.db)).toEqual(['birthday', 'city', 'favourite_drink']);
  });

  it('deletes a contact with its tags and consent history; one who opted out only when told to forget it', async () => {
    const [contact] = await upsertContacts(store.db, [{ phone: AYESHA, tags: ['vip'] }]);
    await setOptOut(store.db, contact!.id, { source: 'cli' });
    await expect(deleteContact(store.db, contact!.id)).rejects.toMatchObject({
      code: 'conflict',
      input: AYESHA,
      details: { optedOut: true },
    });
    expect(await findContactByPhone(store.db, AYESHA)).toBeDefined();
    expect(await deleteContact(store.db, contact!.id, { forgetOptOut: true })).toBe(true);
    expect(await deleteContact(store.db, contact!.id)).toBe(false);
    expect(await findContactByPhone(store.db, AYESHA)).toBeUndefined();
    expect(await store.db.selectFrom('contact_tags').selectAll().execute()).toEqual([]);
    expect(await store.db.selectFrom('consent_events').selectAll().execute()).toEqual([]);
  });

  it('refuses a duplicate phone at the database level too, as a conflict', async () => {
    await upsertContacts(store.db, [{ phone: AYESHA }]);
    const error = await store.db
      .insertInto('contacts')
      .values({ phone: AYESHA })
      .execute()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CafeError);
    if (TEST_DIALECT === 'postgres') {
      expect(error).toMatchObject({ code: 'conflict', details: { postgresCode: '23505' } });
      expect((error as CafeError).message).toMatch(/duplicate key value violates unique constraint "contacts_phone/);
    } else {
      expect(error).toMatchObject({ code: 'conflict', details: { sqliteCode: 'SQLITE_CONSTRAINT_UNIQUE' } });
      expect((error as CafeError).message).toMatch(/UNIQUE constraint failed: contacts\.phone/);
    }
  });

  it('refuses custom fields that are not JSON at the database level, as an internal error', async () => {
    const error = await store.db
      .insertInto('contacts')
      .values({ phone: AYESHA, fields: 'not json' })
      .execute()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CafeError);
    const details = TEST_DIALECT === 'postgres' ? { postgresCode: '22P02' } : { sqliteCode: 'SQLITE_CONSTRAINT_CHECK' };
    expect(error).toMatchObject({ code: 'internal', details });
  });
});
