import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, type TempDir } from '../../test/support/index.js';
import { CafeError } from '../errors/index.js';
import type { MessageState } from '../states/index.js';
import { copyDatabase } from './copy-database.js';
import { deleteContact, openStore, runBulkSql, setOptIn, setOptOut, upsertContacts, type Kysely, type Store } from './index.js';
import type { NewOutboxMessage } from './messaging-tables.js';
import type { Database } from './schema.js';
import { createTestDatabase, onServer, type TestDatabase } from './test-support/test-database.js';

// A SQLite cafe copied into a fresh PostgreSQL schema (and back), on real databases.

/** Locally without PostgreSQL these are skipped, as vitest.config.ts skips its project; CI always runs them. */
const POSTGRES_RUNS =
  process.env['CI'] !== undefined ||
  (await onServer('select 1').then(
    () => true,
    () => false,
  ));

/** Each copied table with its primary key, to compare the two sides row by row. */
const COPIED: Record<string, readonly string[]> = {
  contacts: ['id'],
  contact_tags: ['contact_id', 'tag'],
  consent_events: ['id'],
  campaigns: ['id'],
  outbox_messages: ['id'],
  inbound_messages: ['id'],
  sync_state: ['key'],
  users: ['id'],
  api_keys: ['id'],
  idempotency_keys: ['id'],
  settings: ['key'],
};
const SKIPPED = ['workers', 'sessions', 'leases', 'send_pace', 'gateway_limit', 'sign_in_failures', 'sign_in_trust'];
const ALL_TABLES = [...Object.keys(COPIED), ...SKIPPED];

const T = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;

let dir: TempDir;
let databases: TestDatabase[];
let stores: Store[];

beforeEach(async () => {
  dir = await createTempDir('cafe-sms-copy-');
  databases = [];
  stores = [];
});
afterEach(async () => {
  for (const store of stores) await store.close();
  for (const database of databases) await database.drop();
  await dir.remove();
});

async function openSqlite(name: string): Promise<Store> {
  const store = await openStore(dir.file(name));
  stores.push(store);
  return store;
}

async function openPostgres(): Promise<Store> {
  const database = await createTestDatabase(dir.file('unused.db'), 'postgres');
  databases.push(database);
  const store = await openStore(database.url);
  stores.push(store);
  return store;
}

/** Every row of `table`, in key order (sorted here: the two databases may collate text differently). */
async function rowsOf(db: Kysely<Database>, table: string): Promise<Array<Record<string, unknown>>> {
  const rows = await runBulkSql<Record<string, unknown>>(db, `select * from ${table}`, []);
  const key = (row: Record<string, unknown>) => (COPIED[table] ?? []).map((column) => row[column]);
  return rows.sort((a, b) => compareKeys(key(a), key(b)));
}

function compareKeys(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i] as string | number, b[i] as string | number];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

async function countsOf(db: Kysely<Database>, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = (await rowsOf(db, table)).length;
  return counts;
}

function outboxRow(id: number, state: MessageState, extra: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
  return {
    campaign_id: 1,
    contact_id: id,
    phone: `92300000000${id}`,
    body: `Chai is on us today, friend ${id} 🍵`,
    type: 'text',
    encoding: 'UCS-2',
    segments: 2,
    promotional: 1,
    priority: 0,
    state,
    attempts: 1,
    next_attempt_at: T(1),
    created_at: T(1),
    updated_at: T(2),
    ...extra,
  };
}

/** A small cafe with a row in every table, and every column of the message record filled somewhere. */
async function fillCafe(db: Kysely<Database>): Promise<void> {
  await upsertContacts(db, [
    {
      phone: '923000000001',
      name: 'Ayesha',
      fields: { favourite_drink: 'chai', branch: 'Gulberg' },
      tags: ['vip', 'regular', 'chai-lover'],
    },
    { phone: '923000000002', name: 'Bilal', tags: ['regular'] },
    { phone: '923000000003', name: 'Gone', tags: ['vip'] },
    { phone: '923000000004', name: null, fields: { note: 'quotes "here" and \'there\'' } },
    { phone: '923000000005', name: 'Zara', tags: ['vip', 'regular'] },
    { phone: '923000000006', name: 'Also gone' },
  ]);
  await setOptOut(db, 2, { source: 'inbound', reason: 'STOP', now: new Date(T(3)) });
  await setOptIn(db, 2, { source: 'dashboard', reason: 'asked at the counter', actor: 'sana', now: new Date(T(4)) });
  await setOptOut(db, 2, { source: 'api', reason: 'too many offers', actor: 'website', now: new Date(T(5)) });
  // Gaps in the ids, and a highest id that no longer exists: the copy must keep the ids, not renumber.
  await deleteContact(db, 3);
  await deleteContact(db, 6);

  await db
    .insertInto('campaigns')
    .values([
      {
        name: 'Monsoon offer',
        template: 'Hi {{name}}, chai is on us',
        type: 'text',
        purpose: 'promotional',
        audience_tags: '["vip"]',
        opt_out_text: 'Reply STOP to opt out',
        state: 'running',
        scheduled_at: T(0),
        enqueue_cursor: 5,
        enqueued_at: T(1),
        created_at: T(0),
        updated_at: T(2),
        started_at: T(1),
        completed_at: null,
        cancelled_at: null,
      },
      {
        name: 'Receipts',
        template: 'Your order is ready',
        type: 'text',
        purpose: 'transactional',
        audience_tags: '[]',
        enqueue_cursor: 0,
        state: 'cancelled',
        created_at: T(0),
        updated_at: T(9),
        completed_at: T(8),
        cancelled_at: T(9),
      },
    ])
    .execute();
  await db
    .insertInto('outbox_messages')
    .values([
      outboxRow(1, 'queued'),
      outboxRow(2, 'skipped', { final_at: T(3) }),
      outboxRow(4, 'sending', { claimed_by: 'worker-a', claimed_at: T(2), sent_at: T(2) }),
      outboxRow(5, 'unknown', { unknown_since: T(3), next_check_at: T(4), sent_at: T(2), attempts: 2 }),
      {
        ...outboxRow(1, 'delivered'),
        campaign_id: null,
        phone: '923000000009',
        promotional: 0,
        priority: 10,
        encoding: 'GSM-7',
        segments: 1,
        gateway_uid: '606812e63f78b',
        gateway_status: 'Delivered',
        gateway_cost: 0.25,
        sent_at: T(2),
        final_at: T(6),
        idempotency_key: 'order-17',
      },
      {
        ...outboxRow(4, 'failed'),
        campaign_id: 2,
        contact_id: null,
        error_code: 'refused',
        error_message: 'Number is on the DND list',
        final_at: T(7),
      },
    ])
    .execute();
  await db
    .insertInto('inbound_messages')
    .values([
      { gateway_uid: 'in-1', phone: '923000000002', body: 'STOP', contact_id: 2, action: 'opt_out', received_at: T(5), created_at: T(5) },
      {
        gateway_uid: 'in-2',
        phone: '923000000077',
        body: 'Open today?',
        contact_id: null,
        action: null,
        received_at: T(6),
        created_at: T(6),
      },
    ])
    .execute();
  await db
    .insertInto('sync_state')
    .values({ key: 'inbound_watermark', value: '606812e63f78b', updated_at: T(6) })
    .execute();
  await db
    .insertInto('users')
    .values([
      { username: 'sana', password_hash: 'scrypt$16384$8$1$c2FsdA$aGFzaA', role: 'admin', created_at: T(0), updated_at: T(0) },
      { username: 'omar', password_hash: 'scrypt$16384$8$1$c2FsdB$aGFzaB', role: 'staff', created_at: T(1), updated_at: T(2) },
    ])
    .execute();
  await db
    .insertInto('api_keys')
    .values([
      { name: 'website', prefix: 'cafe_ab12', key_hash: 'a'.repeat(64), created_at: T(0), last_used_at: T(5), revoked_at: null },
      { name: 'old till', prefix: 'cafe_cd34', key_hash: 'b'.repeat(64), created_at: T(0), last_used_at: null, revoked_at: T(3) },
    ])
    .execute();
  await db
    .insertInto('idempotency_keys')
    .values({ key: 'order-17', scope: 'apikey:1', request_hash: 'c'.repeat(64), status_code: 201, response: '{"id":5}', created_at: T(2) })
    .execute();
  await db
    .insertInto('settings')
    .values([
      { key: 'sendRate', value: '2', updated_at: T(1) },
      { key: 'optOutText', value: '"Reply STOP to opt out"', updated_at: T(1) },
    ])
    .execute();
  await fillSkippedTables(db);
}

/** What the copy leaves behind, so the test can see it did. */
async function fillSkippedTables(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('workers')
    .values({ id: 'worker-a', pid: 123, hostname: 'till', started_at: T(0), heartbeat_at: T(9), stopped_at: null })
    .execute();
  await db
    .insertInto('sessions')
    .values({ id: 'd'.repeat(64), user_id: 1, csrf_token: 'csrf', created_at: T(0), expires_at: T(59), last_seen_at: T(9) })
    .execute();
  await db
    .insertInto('leases')
    .values({ name: 'inbound-sync', holder: 'worker-a', expires_at: T(10), updated_at: T(9) })
    .execute();
  await db
    .insertInto('send_pace')
    .values({ account: 'main', next_free_ms: 1_772_359_200_000.5, updated_at: T(9) })
    .execute();
  await db
    .insertInto('sign_in_failures')
    .values({ kind: 'address', key: '10.0.0.7', failures: 3, last_failure_at: T(8) })
    .execute();
  await db
    .insertInto('sign_in_trust')
    .values({ username: 'sana', address: '10.0.0.7', signed_in_at: T(8) })
    .execute();
}

describe.skipIf(!POSTGRES_RUNS)('copyDatabase', () => {
  it('copies every kept table from SQLite to PostgreSQL row by row, ids and values alike, and leaves the rest behind', async () => {
    const source = await openSqlite('cafe.db');
    const target = await openPostgres();
    await fillCafe(source.db);

    const seen: Array<[string, number]> = [];
    // Pages of 2 rows: every table takes several pages, and contact 1's three tags span two.
    const report = await copyDatabase(source, target, { batchSize: 2, onTable: (table, rows) => seen.push([table, rows]) });

    const expected = await countsOf(source.db, Object.keys(COPIED));
    expect(Object.values(expected).every((rows) => rows > 0)).toBe(true);
    expect(report).toEqual({
      from: source.path,
      to: target.path,
      tables: Object.entries(expected).map(([table, rows]) => ({ table, rows })),
      skipped: SKIPPED,
    });
    expect(seen).toEqual(Object.entries(expected));
    for (const table of Object.keys(COPIED)) expect(await rowsOf(target.db, table), table).toEqual(await rowsOf(source.db, table));
    expect(await countsOf(target.db, SKIPPED)).toEqual(Object.fromEntries(SKIPPED.map((table) => [table, 0])));
  });

  it('numbers new rows after every id the source ever gave, the deleted highest included', async () => {
    const source = await openSqlite('cafe.db');
    const target = await openPostgres();
    await fillCafe(source.db);
    await copyDatabase(source, target);

    const [added] = await upsertContacts(target.db, [{ phone: '923000000010', name: 'New' }]);
    // Contacts 1-6 were given in the source (6 deleted since): 7 is the first id never used.
    expect(added).toMatchObject({ id: 7, created: true });
    const message = await target.db
      .insertInto('outbox_messages')
      .values(outboxRow(7, 'queued', { campaign_id: null }))
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(message.id).toBe(7);
    const user = await target.db
      .insertInto('users')
      .values({ username: 'new', password_hash: 'x', role: 'staff', created_at: T(0), updated_at: T(0) })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(user.id).toBe(3);
  });

  it('copies back from PostgreSQL into a new SQLite file unchanged, its numbering included', async () => {
    const source = await openSqlite('cafe.db');
    const middle = await openPostgres();
    const back = await openSqlite('back.db');
    await fillCafe(source.db);
    await copyDatabase(source, middle);
    await copyDatabase(middle, back, { batchSize: 3 });

    for (const table of Object.keys(COPIED)) expect(await rowsOf(back.db, table), table).toEqual(await rowsOf(source.db, table));
    expect(await upsertContacts(back.db, [{ phone: '923000000010' }])).toMatchObject([{ id: 7 }]);
  });

  it('copies many rows page by page', async () => {
    const source = await openSqlite('cafe.db');
    const target = await openPostgres();
    const contacts = Array.from({ length: 1234 }, (_, i) => ({ phone: `9230010${String(i).padStart(5, '0')}`, tags: ['a', 'b'] }));
    await upsertContacts(source.db, contacts);

    const report = await copyDatabase(source, target);

    expect(report.tables.slice(0, 2)).toEqual([
      { table: 'contacts', rows: 1234 },
      { table: 'contact_tags', rows: 2468 },
    ]);
    expect(await rowsOf(target.db, 'contact_tags')).toEqual(await rowsOf(source.db, 'contact_tags'));
  });

  it('refuses a target that already holds a cafe, naming it, and changes nothing there', async () => {
    const source = await openSqlite('cafe.db');
    const target = await openPostgres();
    await fillCafe(source.db);
    await copyDatabase(source, target);
    const before = await countsOf(target.db, ALL_TABLES);

    const refusal = await copyDatabase(source, target).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(CafeError);
    expect(refusal).toMatchObject({ code: 'conflict', details: { tables: ['contacts', 'campaigns', 'outbox_messages', 'users'] } });
    expect((refusal as CafeError).message).toContain(`The database at ${target.path} already holds contacts`);
    expect(await countsOf(target.db, ALL_TABLES)).toEqual(before);
  });

  it('refuses a target with nothing but a user in it', async () => {
    const source = await openSqlite('cafe.db');
    const target = await openSqlite('target.db');
    await fillCafe(source.db);
    await target.db
      .insertInto('users')
      .values({ username: 'admin', password_hash: 'x', role: 'admin', created_at: T(0), updated_at: T(0) })
      .execute();

    await expect(copyDatabase(source, target)).rejects.toMatchObject({ code: 'conflict', details: { tables: ['users'] } });
    expect(await countsOf(target.db, ['contacts', 'users'])).toEqual({ contacts: 0, users: 1 });
  });

  it('leaves the target empty when a table fails mid-copy, and a later copy can still fill it', async () => {
    const source = await openSqlite('cafe.db');
    const target = await openPostgres();
    await fillCafe(source.db);
    // SQLite keeps a NUL character in text; PostgreSQL refuses it. Contacts to campaigns are already written by then.
    await source.db.updateTable('inbound_messages').set({ body: 'STOP\u0000' }).where('gateway_uid', '=', 'in-1').execute();

    const failure = await copyDatabase(source, target).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(CafeError);
    expect((failure as CafeError).message).toMatch(/^Copying inbound_messages failed, so nothing was copied: /);
    expect(failure).toMatchObject({ details: { table: 'inbound_messages' } });
    expect(await countsOf(target.db, ALL_TABLES)).toEqual(Object.fromEntries(ALL_TABLES.map((table) => [table, 0])));

    await source.db.updateTable('inbound_messages').set({ body: 'STOP' }).where('gateway_uid', '=', 'in-1').execute();
    await copyDatabase(source, target);
    expect(await rowsOf(target.db, 'contacts')).toEqual(await rowsOf(source.db, 'contacts'));
  });

  it('cancels the whole copy when onTable throws', async () => {
    const source = await openSqlite('cafe.db');
    const target = await openSqlite('target.db');
    await fillCafe(source.db);
    const stop = () => {
      throw new CafeError('internal', 'stopped by the caller');
    };

    await expect(copyDatabase(source, target, { onTable: (table) => table === 'users' && stop() })).rejects.toThrow(
      'stopped by the caller',
    );
    expect(await countsOf(target.db, ALL_TABLES)).toEqual(Object.fromEntries(ALL_TABLES.map((table) => [table, 0])));
  });
});
