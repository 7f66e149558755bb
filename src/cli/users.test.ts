import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertCliBuilt, createTempDir, runCli, type CliResult, type TempDir } from '../../test/support/index.js';
import { authenticate, findApiKey } from '../access/index.js';
import { openStore } from '../store/index.js';

// Spawned-process tests of `cafe-sms user …` and `cafe-sms apikey …` on a real database file (run `npm run build` first).

let dir: TempDir;

beforeAll(() => {
  assertCliBuilt();
});
beforeEach(async () => {
  dir = await createTempDir('cafe-cli-users-');
});
afterEach(async () => {
  await dir.remove();
});

function cli(args: string[], input?: string): Promise<CliResult> {
  return runCli(args, {
    cwd: dir.path,
    env: { DATABASE_URL: dir.file('db.sqlite'), LOG_LEVEL: 'warn' },
    ...(input === undefined ? {} : { input }),
  });
}

async function withDb<T>(work: (db: Awaited<ReturnType<typeof openStore>>['db']) => Promise<T>): Promise<T> {
  const store = await openStore(dir.file('db.sqlite'));
  try {
    return await work(store.db);
  } finally {
    await store.close();
  }
}

const clock = { now: () => new Date() };

/** Runs a command that must succeed; a failure shows its stderr. */
async function ok(args: string[], input?: string): Promise<CliResult> {
  const result = await cli(args, input);
  expect(result.code, `cafe-sms ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

describe('cafe-sms user', () => {
  it('adds a user with a piped password, which never appears in the output', async () => {
    const result = await cli(['user', 'add', 'bilal', '--password-stdin', '--role', 'admin'], 'bilal-secret-1\n');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('Created user bilal (admin).\n');
    expect(result.stdout + result.stderr).not.toContain('bilal-secret-1');
    expect(await withDb((db) => authenticate(db, 'bilal', 'bilal-secret-1'))).toMatchObject({ role: 'admin' });
  });

  it('without --password-stdin generates a strong password and prints it once', async () => {
    const human = await cli(['user', 'add', 'sana']);
    expect(human.code, human.stderr).toBe(0);
    const printed = /Password \(shown only this once[^\n]*\n\s+(\S+)/.exec(human.stdout)?.[1];
    expect(printed).toMatch(/^[\w-]{24}$/);
    expect(await withDb((db) => authenticate(db, 'sana', printed ?? ''))).toMatchObject({ role: 'admin' });

    const json = await ok(['user', 'add', 'omar', '--json']);
    const body = JSON.parse(json.stdout) as { user: { username: string; role: string }; password: string };
    expect(body).toMatchObject({ user: { username: 'omar', role: 'staff' }, madeFirstAdmin: false });
    expect(await withDb((db) => authenticate(db, 'omar', body.password))).toBeDefined();

    const list = await ok(['user', 'list', '--json']);
    const users = JSON.parse(list.stdout) as Array<Record<string, unknown>>;
    expect(users.map((u) => u.username)).toEqual(['sana', 'omar']);
    expect(list.stdout).not.toContain(printed ?? '');
    expect(list.stdout).not.toContain('scrypt');
    expect((await ok(['user', 'list'])).stdout).toMatch(/^ID\s+USERNAME\s+ROLE\s+CREATED\n1\s+sana\s+admin\s.*\n2\s+omar\s+staff/);
  });

  it('makes the first user ever an admin and says so, since serve then creates no "admin" to manage staff', async () => {
    const first = await ok(['user', 'add', 'ali', '--password-stdin'], 'ali-secret-12');
    expect(first.stdout).toMatch(/^Created user ali \(admin\)\.\nThis is the first user, so they are an admin/);
    const second = await ok(['user', 'add', 'zara', '--password-stdin'], 'zara-secret-12');
    expect(second.stdout).toBe('Created user zara (staff).\n');
    const users = JSON.parse((await ok(['user', 'list', '--json'])).stdout) as Array<{ username: string; role: string }>;
    expect(users.map((u) => [u.username, u.role])).toEqual([
      ['ali', 'admin'],
      ['zara', 'staff'],
    ]);
  });

  it('refuses a taken name (exit 1), a bad name, a bad role and a short password (exit 2)', async () => {
    await ok(['user', 'add', 'bilal', '--password-stdin'], 'bilal-secret-1');
    const taken = await cli(['user', 'add', 'BILAL', '--password-stdin'], 'another-secret');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/already exists/);
    const badName = await cli(['user', 'add', 'two words', '--password-stdin'], 'another-secret');
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/"two words" is not a valid username/);
    const badRole = await cli(['user', 'add', 'zara', '--role', 'owner']);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/--role must be admin or staff/);
    const short = await cli(['user', 'add', 'zara', '--password-stdin'], 'short');
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/at least 8 characters/);
    const empty = await cli(['user', 'add', 'zara', '--password-stdin'], '');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/nothing came on stdin/);
  });

  it('changes a password, from stdin or generated, and refuses an unknown user', async () => {
    await cli(['user', 'add', 'bilal', '--password-stdin'], 'bilal-secret-1');
    const piped = await cli(['user', 'passwd', 'bilal', '--password-stdin'], 'bilal-secret-2\n');
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toMatch(/Changed the password of bilal; signed out of 0 sessions/);
    expect(await withDb((db) => authenticate(db, 'bilal', 'bilal-secret-1'))).toBeUndefined();
    expect(await withDb((db) => authenticate(db, 'bilal', 'bilal-secret-2'))).toBeDefined();

    const generated = JSON.parse((await ok(['user', 'passwd', 'bilal', '--json'])).stdout) as { password: string };
    expect(await withDb((db) => authenticate(db, 'bilal', generated.password))).toBeDefined();

    const ghost = await cli(['user', 'passwd', 'ghost', '--password-stdin'], 'whatever-123');
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toMatch(/No user is named "ghost"/);
  });
});

describe('cafe-sms apikey', () => {
  it('creates a key printed once, lists without it, and revokes it', async () => {
    const created = await cli(['apikey', 'create', 'till', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const { key, apiKey } = JSON.parse(created.stdout) as { key: string; apiKey: { name: string; prefix: string } };
    expect(key).toMatch(/^csk_/);
    expect(apiKey.name).toBe('till');
    expect(await withDb((db) => findApiKey(db, key, clock))).toMatchObject({ name: 'till' });

    const human = await ok(['apikey', 'create', 'website']);
    expect(human.stdout).toMatch(/Key \(shown only this once[^\n]*\n\s+csk_[\w-]{43}\n/);

    const list = await ok(['apikey', 'list']);
    expect(list.stdout).toMatch(/^NAME\s+PREFIX\s+CREATED\s+LAST USED\s+STATUS\n/);
    expect(list.stdout).toContain(`${apiKey.prefix}…`);
    expect(list.stdout).not.toContain(key);
    const listed = JSON.parse((await ok(['apikey', 'list', '--json'])).stdout) as Array<Record<string, unknown>>;
    expect(listed.map((k) => k.name)).toEqual(['till', 'website']);
    expect(JSON.stringify(listed)).not.toContain(key);

    const revoked = await cli(['apikey', 'revoke', 'till']);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/Revoked API key "till"/);
    expect(await withDb((db) => findApiKey(db, key, clock))).toBeUndefined();
    expect((await ok(['apikey', 'list'])).stdout).toMatch(/till .* revoked /);
  });

  it('refuses a duplicate name (exit 1), a bad name (exit 2) and revoking an unknown key (exit 1)', async () => {
    await ok(['apikey', 'create', 'till']);
    const duplicate = await cli(['apikey', 'create', 'till']);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/already exists/);
    const bad = await cli(['apikey', 'create', 'no spaces please']);
    expect(bad.code).toBe(2);
    const ghost = await cli(['apikey', 'revoke', 'ghost', '--json']);
    expect(ghost.code).toBe(1);
    expect(JSON.parse(ghost.stdout).error).toMatchObject({ code: 'not_found' });
  });
});
