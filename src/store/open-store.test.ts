import { writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely, type Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, REPO_ROOT, type TempDir } from '../../test/support/index.js';
import { CafeError } from '../errors/index.js';
import { silentLogger } from '../log/index.js';
import { migrations, openStore, resolveDatabasePath, runMigrations, upsertContacts, type Store } from './index.js';

let dir: TempDir;
const opened: Store[] = [];

beforeEach(async () => {
  dir = await createTempDir('cafe-sms-store-');
});

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  await dir.remove();
});

async function open(url: string): Promise<Store> {
  const store = await openStore(url);
  opened.push(store);
  return store;
}

async function pragma(store: Store, name: string): Promise<unknown> {
  const result = await sql<Record<string, unknown>>`select * from ${sql.raw(`pragma_${name}`)}`.execute(store.db);
  return Object.values(result.rows[0] ?? {})[0];
}

async function appliedMigrations(store: Store): Promise<string[]> {
  const result = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
  return result.rows.map((row) => row.name);
}

describe('openStore', () => {
  it('creates the folder and the file, applies every migration, and turns on WAL and foreign keys', async () => {
    const file = dir.file('nested/deeper/cafe-sms.db');
    const store = await open(file);
    expect(store.path).toBe(file);
    expect(await appliedMigrations(store)).toEqual(Object.keys(migrations).sort());
    expect(await pragma(store, 'journal_mode')).toBe('wal');
    expect(await pragma(store, 'foreign_keys')).toBe(1);
    // NORMAL: commits are synced off the event loop (wal-sync.ts), which makes them as durable as FULL.
    expect(await pragma(store, 'synchronous')).toBe(1);
    expect(await pragma(store, 'busy_timeout')).toBe(5000);
  });

  it('re-opens an existing file without re-applying anything and keeps the data', async () => {
    const file = dir.file('cafe-sms.db');
    const first = await open(file);
    await upsertContacts(first.db, [{ phone: '923001234567', name: 'Ayesha' }]);
    await first.close();
    await first.close(); // closing twice is harmless

    const second = await open(file);
    expect(await appliedMigrations(second)).toEqual(Object.keys(migrations).sort());
    const rows = await second.db.selectFrom('contacts').select(['phone', 'name']).execute();
    expect(rows).toEqual([{ phone: '923001234567', name: 'Ayesha' }]);
  });

  it('accepts file: paths and :memory:', async () => {
    const viaPrefix = await open(`file:${dir.file('a.db')}`);
    expect(viaPrefix.path).toBe(dir.file('a.db'));
    const viaUrl = await open(`file://${dir.file('b.db')}`);
    expect(viaUrl.path).toBe(dir.file('b.db'));
    const memory = await open(':memory:');
    expect(memory.path).toBe(':memory:');
    await upsertContacts(memory.db, [{ phone: '923001234567' }]);
  });

  it('refuses a file that is not a database with a config error naming DATABASE_URL', async () => {
    const file = dir.file('notes.txt');
    writeFileSync(file, 'this is not a database, just some text that is long enough to have a header '.repeat(20));
    const error = await openStore(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CafeError);
    expect((error as CafeError).code).toBe('config');
    expect((error as CafeError).message).toMatch(/Cannot open the database at .*notes\.txt.*DATABASE_URL/);
  });

  it('refuses a location whose folder cannot be made', async () => {
    const blocker = dir.file('blocker');
    writeFileSync(blocker, '');
    const error = await openStore(path.join(blocker, 'cafe-sms.db')).catch((e: unknown) => e);
    expect((error as CafeError).code).toBe('config');
    expect((error as CafeError).input).toBe('DATABASE_URL');
  });

  it('lets several processes open a brand-new file at the same moment', async () => {
    const file = dir.file('shared.db');
    const script = [
      `import { openStore } from ${JSON.stringify(path.join(REPO_ROOT, 'src/store/index.ts'))};`,
      `const store = await openStore(${JSON.stringify(file)});`,
      'await store.close();',
    ].join('\n');
    const runOne = () =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const results = await Promise.all([runOne(), runOne(), runOne()]);
    for (const result of results) expect(result).toEqual({ code: 0, stderr: '' });
    const store = await open(file);
    expect(await appliedMigrations(store)).toEqual(Object.keys(migrations).sort());
  });
});

describe('runMigrations', () => {
  it('reports a failing migration by name as an internal error and rolls it back', async () => {
    const store = await open(dir.file('cafe-sms.db'));
    const broken: Migration = {
      up: async (db: Kysely<unknown>) => {
        await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
        await sql`this is not sql`.execute(db);
      },
    };
    const error = await runMigrations(store.db, {
      logger: silentLogger(),
      migrations: { ...migrations, '9999-broken': broken },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CafeError);
    expect((error as CafeError).code).toBe('internal');
    expect((error as CafeError).message).toMatch(/"9999-broken" failed/);
    expect((error as CafeError).details).toEqual({ migration: '9999-broken' });
    const tables = await sql<{ name: string }>`select name from sqlite_master where name = 'half_done'`.execute(store.db);
    expect(tables.rows).toEqual([]);
  });

  it('tries again when another process wrote to the file in the middle of the upgrade', async () => {
    const file = dir.file('cafe-sms.db');
    const store = await open(file);
    const other = new BetterSqlite3(file);
    let calls = 0;
    const racing: Migration = {
      up: async (db: Kysely<unknown>) => {
        calls += 1;
        // Another process commits after this upgrade has read the database: SQLite then refuses
        // the upgrade's first write (SQLITE_BUSY_SNAPSHOT) rather than let it work on stale data.
        if (calls === 1) other.prepare("insert into contacts (phone) values ('923001234567')").run();
        await db.schema.createTable('raced').addColumn('id', 'integer').execute();
      },
    };
    try {
      const applied = await runMigrations(store.db, {
        logger: silentLogger(),
        migrations: { ...migrations, '9999-raced': racing },
        retryDelayMs: 1,
      });
      expect(applied).toEqual(['9999-raced']);
      expect(calls).toBe(2);
    } finally {
      other.close();
    }
  });

  it('answers the migrations it applied, and none the second time', async () => {
    const store = await open(dir.file('cafe-sms.db'));
    const extra: Migration = {
      up: async (db: Kysely<unknown>) => void (await db.schema.createTable('extra').addColumn('id', 'integer').execute()),
    };
    const all = { ...migrations, '9999-extra': extra };
    expect(await runMigrations(store.db, { logger: silentLogger(), migrations: all })).toEqual(['9999-extra']);
    expect(await runMigrations(store.db, { logger: silentLogger(), migrations: all })).toEqual([]);
  });
});

describe('resolveDatabasePath', () => {
  it('resolves relative paths against the given folder', () => {
    expect(resolveDatabasePath('./data/cafe-sms.db', '/srv/cafe')).toBe('/srv/cafe/data/cafe-sms.db');
    expect(resolveDatabasePath('file:data/x.db?mode=rwc', '/srv/cafe')).toBe('/srv/cafe/data/x.db');
    expect(resolveDatabasePath('file::memory:')).toBe(':memory:');
  });

  it.each(['', '   ', 'file:'])('refuses %j with a config error', (url) => {
    expect(() => resolveDatabasePath(url)).toThrow(CafeError);
    try {
      resolveDatabasePath(url);
    } catch (error) {
      expect((error as CafeError).code).toBe('config');
    }
  });
});
