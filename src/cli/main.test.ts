import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertCliBuilt, createTempDir, REPO_ROOT, runCli, startCli, type CliResult, type TempDir } from '../../test/support/index.js';
import { formatLocal } from '../quiet-hours/index.js';
import { startSimulator, type Simulator } from '../simulator/index.js';

// Spawned-process tests of what every command shares: version, usage, where logs go, how times read
// (run `npm run build` first).

const TOKEN = 'main-test-token-41c0';

let sim: Simulator;
let dir: TempDir;

beforeAll(async () => {
  assertCliBuilt();
  sim = await startSimulator({ token: TOKEN });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  sim.reset();
  dir = await createTempDir('cafe-cli-main-');
});
afterEach(async () => {
  await dir.remove();
});

/** The CLI with a fresh database and the simulator, and LOG_LEVEL unset unless given. */
function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return runCli(args, {
    cwd: dir.path,
    env: { DATABASE_URL: dir.file('cafe.db'), SMSAPP_API_URL: sim.url, SMSAPP_API_TOKEN: TOKEN, ...env },
    timeoutMs: 30_000,
  });
}

describe('cafe-sms --version and usage', () => {
  it('prints the version of package.json with --version and -V, exit 0', async () => {
    const { version } = JSON.parse(await readFile(`${REPO_ROOT}package.json`, 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const result = await cli([flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${version}\n`);
      expect(result.stderr).toBe('');
    }
  });

  it('with no arguments prints the help on stderr and exits 2 (bad usage)', async () => {
    const result = await cli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Usage: cafe-sms \[options\] \[command\]/);
    expect(result.stderr).toContain('--verbose');
  });

  it('a command group without its command is bad usage too', async () => {
    const result = await cli(['campaign']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Usage: cafe-sms campaign/);
  });

  it('help asked for goes to stdout with exit 0', async () => {
    for (const args of [['--help'], ['help'], ['contacts', '--help']]) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/^Usage: cafe-sms/);
    }
  });

  it('refuses an unknown command with exit 2', async () => {
    const result = await cli(['sned']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'sned'");
  });
});

describe('logs: warnings and errors only, unless --verbose or LOG_LEVEL', () => {
  const firstImport = async (extra: string[] = [], env: Record<string, string | undefined> = {}): Promise<CliResult> => {
    await writeFile(dir.file('customers.csv'), 'phone,name\n0300-1234567,Ayesha\n');
    return cli([...extra, 'contacts', 'import', 'customers.csv'], env);
  };

  it('a first import prints its summary on stdout and nothing on stderr (no migration notes)', async () => {
    const result = await firstImport();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Read 1 row: 1 new/);
    expect(result.stderr).toBe('');
  });

  it('--verbose shows the info lines on stderr, before or after the command, stdout unchanged', async () => {
    const before = await firstImport(['--verbose']);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stderr).toContain('applied database migration');
    expect(before.stdout).not.toContain('migration');
    await dir.remove();
    dir = await createTempDir('cafe-cli-main-');
    await writeFile(dir.file('customers.csv'), 'phone,name\n0300-1234567,Ayesha\n');
    const after = await cli(['contacts', 'import', 'customers.csv', '--verbose']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stderr).toContain('applied database migration');
  });

  it('serve, a service, keeps its log at info', async () => {
    const serve = startCli(['serve', '--port', '0'], {
      cwd: dir.path,
      env: { DATABASE_URL: dir.file('cafe.db'), ADMIN_PASSWORD: 'main-test-password-1' },
    });
    try {
      await serve.waitForLine(/http:\/\/127\.0\.0\.1:\d+/, 20_000);
      const stopped = await serve.stop('SIGTERM');
      expect(stopped.stderr).toMatch(/"level":30/);
    } finally {
      await serve.stop('SIGKILL');
    }
  });

  it('LOG_LEVEL=info shows them too', async () => {
    const result = await firstImport([], { LOG_LEVEL: 'info' });
    expect(result.stderr).toContain('applied database migration');
  });

  it('worker --until-idle prints its summary alone; its log lines come with --verbose', async () => {
    await cli(['contacts', 'add', '0300-1234567', '--tag', 'vip']);
    const created = await cli([
      'campaign',
      'create',
      '--name',
      'Tea',
      '--message',
      'Chai is ready',
      '--tag',
      'vip',
      '--transactional',
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const { id } = JSON.parse(created.stdout) as { id: number };
    expect((await cli(['campaign', 'start', String(id)])).code).toBe(0);
    const quiet = await cli(['worker', '--until-idle']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout.trim().split('\n')).toHaveLength(3);
    expect(quiet.stdout).toMatch(/^1 gateway call carried 1 message: 1 accepted/);
    expect(quiet.stderr).toBe('');
    expect(sim.outbound()).toHaveLength(1);

    const verbose = await cli(['--verbose', 'worker', '--until-idle']);
    expect(verbose.code, verbose.stderr).toBe(0);
    expect(verbose.stderr.trim().split('\n').length).toBeGreaterThan(1);
    expect(verbose.stdout).not.toMatch(/"level"|INFO/);
  });
});

describe('times in human output are cafe time (Asia/Karachi); --json keeps ISO', () => {
  it('contacts optout, contacts list and apikey list', async () => {
    const optedOut = await cli(['contacts', 'optout', '0300-1234567', '--json']);
    expect(optedOut.code, optedOut.stderr).toBe(0);
    const iso = (JSON.parse(optedOut.stdout) as { contact: { optedOutAt: string } }).contact.optedOutAt;
    expect(iso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const local = formatLocal(new Date(iso));

    const again = await cli(['contacts', 'optout', '0300-1234567']);
    expect(again.stdout).toBe(`923001234567 was already opted out (since ${local}); nothing changed.\n`);
    const list = await cli(['contacts', 'list']);
    expect(list.stdout).toContain(`opted out ${local}`);

    expect((await cli(['apikey', 'create', 'till'])).code).toBe(0);
    const keys = JSON.parse((await cli(['apikey', 'list', '--json'])).stdout) as { createdAt: string }[];
    expect(keys[0]?.createdAt).toMatch(/Z$/);
    const table = await cli(['apikey', 'list']);
    expect(table.stdout.split('\n')[1]).toContain(`  ${formatLocal(new Date(keys[0]!.createdAt))}  `);
    for (const output of [again.stdout, list.stdout, table.stdout]) expect(output).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
  });
});
