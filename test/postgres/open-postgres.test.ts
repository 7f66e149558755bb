/** Opening a PostgreSQL database: its own schema, the errors an operator meets, and an older schema. */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations, openStore, runMigrations, type Store } from '../../src/store/index.js';
import { silentLogger } from '../../src/log/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/store/test-support/test-database.js';

const opened: Store[] = [];
const databases: TestDatabase[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  for (const database of databases.splice(0)) await database.drop();
});

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase('unused.db', 'postgres', { migrated: false });
  databases.push(database);
  return database;
}

async function open(url: string, options: Parameters<typeof openStore>[1] = {}): Promise<Store> {
  const store = await openStore(url, options);
  opened.push(store);
  return store;
}

describe('openStore on PostgreSQL', () => {
  it('keeps the tables in the schema the URL names, applying every migration once', async () => {
    const database = await freshDatabase();
    const store = await open(database.url, { migrations: 'upgrade' });
    expect(store.dialect).toBe('postgres');
    const schema = new URL(database.url).searchParams.get('schema');
    const tables = await sql<{
      name: string;
    }>`select table_name as name from information_schema.tables where table_schema = ${schema}`.execute(store.db);
    expect(tables.rows.map((row) => row.name)).toEqual(
      expect.arrayContaining(['contacts', 'outbox_messages', 'send_pace', 'leases', 'kysely_migration']),
    );
    const again = await open(database.url);
    const applied = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(again.db);
    expect(applied.rows[0]?.n).toBe(Object.keys(migrations).length);
  });

  it('says plainly when the server cannot be reached, without the password', async () => {
    const error = await openStore('postgres://cafe:hunter2secret@127.0.0.1:1/cafe?schema=branch').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'config', input: 'DATABASE_URL' });
    const message = (error as Error).message;
    expect(message).toMatch(/^Cannot open the PostgreSQL database at postgres:\/\/cafe:\*\*\*@127\.0\.0\.1:1\/cafe/);
    expect(message).toMatch(/Check that PostgreSQL is running/);
    expect(JSON.stringify(error)).not.toContain('hunter2secret');
  });

  it('refuses a schema name it would have to quote, naming the rule', async () => {
    await expect(openStore('postgres://postgres@127.0.0.1:5432/test?schema=a;drop')).rejects.toMatchObject({
      code: 'config',
      message: expect.stringMatching(/schema "a;drop" must be letters, digits and _/),
    });
  });

  it("refuses to run on an older schema (processes only check PostgreSQL's), naming `db migrate` and what is missing", async () => {
    const database = await freshDatabase();
    const old = await open(database.url).catch((e: unknown) => e);
    const all = Object.keys(migrations).length;
    expect(old).toMatchObject({
      code: 'config',
      message: expect.stringMatching(new RegExp(`older than this cafe-sms \\(${all} upgrades to apply: 0001-contacts,`)),
    });
    const store = await open(database.url, { migrations: 'upgrade' });
    const names = Object.keys(migrations);
    await sql`delete from kysely_migration where name = ${names.at(-1)}`.execute(store.db);
    const behind = await open(database.url).catch((e: unknown) => e);
    expect((behind as Error).message).toMatch(new RegExp(`1 upgrade to apply: ${names.at(-1)}\\). Run \`npx cafe-sms db migrate\``));
    expect(await runMigrations(store.db, { logger: silentLogger(), mode: 'check' }).catch((e: unknown) => e)).toMatchObject({
      code: 'config',
    });
  });
});
