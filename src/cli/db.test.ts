import { existsSync } from 'node:fs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertCliBuilt, createTempDir, runCli, type CliResult, type TempDir } from '../../test/support/index.js';
import { migrations, openStore, setOptOut, upsertContacts, type Store } from '../store/index.js';
import { createTestDatabase, onServer, type TestDatabase } from '../store/test-support/test-database.js';

// Spawned-process tests of `cafe-sms db migrate` and `cafe-sms db copy` (run `npm run build` first).

/** Locally without PostgreSQL the tests that need it are skipped, as vitest.config.ts skips its project; CI always runs them. */
const POSTGRES_RUNS =
  process.env['CI'] !== undefined ||
  (await onServer('select 1').then(
    () => true,
    () => false,
  ));

const UNREACHABLE = 'postgres://postgres:secretpw@127.0.0.1:1/x';
const ALL_MIGRATIONS = Object.keys(migrations);

let dir: TempDir;
let databases: TestDatabase[];

beforeAll(() => {
  assertCliBuilt();
});
beforeEach(async () => {
  dir = await createTempDir('cafe-cli-db-');
  databases = [];
});
afterEach(async () => {
  for (const database of databases) await database.drop();
  await dir.remove();
});

function cli(args: string[], databaseUrl = dir.file('cafe.db')): Promise<CliResult> {
  return runCli(['db', ...args], { cwd: dir.path, env: { DATABASE_URL: databaseUrl } });
}

async function ok(args: string[], databaseUrl?: string): Promise<CliResult> {
  const result = await cli(args, databaseUrl);
  expect(result.code, `cafe-sms db ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

async function postgresUrl(): Promise<string> {
  const database = await createTestDatabase(dir.file('unused.db'), 'postgres', { migrated: false });
  databases.push(database);
  return database.url;
}

async function withStore<T>(databaseUrl: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(databaseUrl);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

describe('cafe-sms db migrate', () => {
  it('applies every migration to a new SQLite file, naming them, then finds nothing to do', async () => {
    const first = await ok(['migrate']);
    expect(first.stdout).toBe(
      [`Applied ${ALL_MIGRATIONS.length} migrations to ${dir.file('cafe.db')}:`, ...ALL_MIGRATIONS.map((name) => `  ${name}`), ''].join(
        '\n',
      ),
    );
    expect((await ok(['migrate'])).stdout).toBe('The database is up to date.\n');
    expect(JSON.parse((await ok(['migrate', '--json'])).stdout)).toEqual({ database: dir.file('cafe.db'), applied: [] });
  });

  it.skipIf(!POSTGRES_RUNS)('applies them to a new PostgreSQL schema', async () => {
    const url = await postgresUrl();
    expect(JSON.parse((await ok(['migrate', '--json'], url)).stdout)).toEqual({ database: url, applied: ALL_MIGRATIONS });
    expect((await ok(['migrate'], url)).stdout).toBe('The database is up to date.\n');
  });

  it('says plainly when the server cannot be reached, exits 2 and never shows the password', async () => {
    const human = await cli(['migrate'], UNREACHABLE);
    expect(human.code).toBe(2);
    expect(human.stderr).toMatch(
      /^cafe-sms: Cannot open the PostgreSQL database at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/x: .*Check that PostgreSQL is running/,
    );
    expect(human.stdout).toBe('');

    const json = await cli(['migrate', '--json'], UNREACHABLE);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'config', input: 'DATABASE_URL' } });

    const verbose = await runCli(['--verbose', 'db', 'migrate'], { cwd: dir.path, env: { DATABASE_URL: UNREACHABLE } });
    expect(verbose.code).toBe(2);
    for (const result of [human, json, verbose]) expect(result.stdout + result.stderr).not.toContain('secretpw');
  });
});

describe('cafe-sms db copy', () => {
  async function fillSource(file: string): Promise<void> {
    await withStore(file, async (store) => {
      await upsertContacts(store.db, [
        { phone: '923000000001', name: 'Ayesha', tags: ['vip'] },
        { phone: '923000000002', name: 'Bilal' },
      ]);
      await setOptOut(store.db, 2, { source: 'inbound', reason: 'STOP' });
    });
  }

  it.skipIf(!POSTGRES_RUNS)('copies a SQLite file into a PostgreSQL schema, reporting each table', async () => {
    const source = dir.file('cafe.db');
    await fillSource(source);
    const target = await postgresUrl();

    const result = await ok(['copy', '--from', source, '--to', target, '--json']);

    const report = JSON.parse(result.stdout) as {
      from: string;
      to: string;
      tables: Array<{ table: string; rows: number }>;
      skipped: string[];
    };
    expect(report).toMatchObject({ from: source, to: target, skipped: expect.arrayContaining(['sessions', 'workers']) });
    expect(report.tables).toEqual(
      expect.arrayContaining([
        { table: 'contacts', rows: 2 },
        { table: 'contact_tags', rows: 1 },
        { table: 'consent_events', rows: 1 },
        { table: 'users', rows: 0 },
      ]),
    );
    const copied = await withStore(target, async (store) => ({
      contacts: await store.db.selectFrom('contacts').select(['id', 'phone', 'opted_out_at']).orderBy('id').execute(),
      events: await store.db.selectFrom('consent_events').select(['contact_id', 'change', 'reason']).execute(),
    }));
    expect(copied.contacts).toEqual([
      { id: 1, phone: '923000000001', opted_out_at: null },
      { id: 2, phone: '923000000002', opted_out_at: expect.any(String) },
    ]);
    expect(copied.events).toEqual([{ contact_id: 2, change: 'opt_out', reason: 'STOP' }]);
  });

  it.skipIf(!POSTGRES_RUNS)('prints the rows per table, and refuses to copy into a database already in use', async () => {
    const source = dir.file('cafe.db');
    await fillSource(source);
    const target = await postgresUrl();

    const human = await ok(['copy', '--from', source, '--to', target]);
    expect(human.stdout).toContain(`Copied 4 rows from ${source} to ${target}; every table's count was checked afterwards.`);
    expect(human.stdout).toMatch(/^ {2}TABLE\s+ROWS$/m);
    expect(human.stdout).toMatch(/^ {2}contacts\s+2$/m);
    expect(human.stdout).toMatch(/^ {2}consent_events\s+1$/m);

    const again = await cli(['copy', '--from', source, '--to', target]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`cafe-sms: The database at ${target} already holds contacts`);
  });

  it('refuses a --from file that does not exist, without creating it', async () => {
    const result = await cli(['copy', '--from', 'missing.db', '--to', 'copy.db']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `cafe-sms: --from: there is no database file at ${dir.file('missing.db')}. Give the path of the SQLite file to copy.\n`,
    );
    expect(existsSync(dir.file('missing.db'))).toBe(false);
    expect(existsSync(dir.file('copy.db'))).toBe(false);
  });

  it('names the side it cannot open, without its password', async () => {
    await fillSource(dir.file('cafe.db'));
    const result = await cli(['copy', '--from', 'cafe.db', '--to', UNREACHABLE]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^cafe-sms: --to: Cannot open the PostgreSQL database at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/x/);
    expect(result.stdout + result.stderr).not.toContain('secretpw');
  });

  it('copies between two SQLite files too', async () => {
    await fillSource(dir.file('cafe.db'));
    const result = await ok(['copy', '--from', 'cafe.db', '--to', 'copy.db', '--json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ to: dir.file('copy.db') });
    expect(
      await withStore(dir.file('copy.db'), (store) => store.db.selectFrom('contacts').select('phone').orderBy('id').execute()),
    ).toEqual([{ phone: '923000000001' }, { phone: '923000000002' }]);
  });
});
