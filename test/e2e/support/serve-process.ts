import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, assertCliBuilt, createTempDir, runCli, startCli, type RunningCli, type TempDir } from '../../support/index.js';

/** Signs in the dashboard as `admin`; the server creates that user with it on first start. */
export const ADMIN_PASSWORD = 'e2e-admin-password-42';

/**
 * Sandbox timing for tests: a fast pace and short polls, so a campaign settles in seconds. The
 * sandbox simulator reports deliveries about 3 s after a send whatever we set here.
 */
const FAST_SANDBOX: Readonly<Record<string, string>> = {
  QUIET_HOURS: 'off',
  SEND_RATE: '500',
  WORKER_IDLE_POLL_MS: '50',
  TRACK_INTERVAL_MS: '300',
  LOG_LEVEL: 'warn',
};

/** `cafe-sms serve` in sandbox mode as a child process, with its own temp folder and database. */
export interface ServeProcess {
  /** The serve process's id (to read its memory from /proc). */
  pid: number;
  /** The dashboard, e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  readonly databaseUrl: string;
  /** The environment the server runs with (for CLI commands against the same database). */
  readonly env: Readonly<Record<string, string>>;
  readonly dir: TempDir;
  /** `cafe-sms apikey create <name> --json` against the server's database; answers the key. */
  createApiKey(name: string): Promise<string>;
  /** Everything the server wrote to stderr so far (its warnings), for failure messages. */
  stderr(): string;
  /** SIGTERM, waits for a clean exit (rejects otherwise), removes the temp folder. */
  stop(): Promise<void>;
}

export interface StartServeOptions {
  /** Extra or overriding environment (e.g. a slower SEND_RATE). */
  env?: Record<string, string>;
  /** Kill the server if it prints no URL in this long; default 20 s. */
  startTimeoutMs?: number;
  /**
   * The mode it must start in. Default sandbox (the built-in simulator); live when `env` points it
   * at a gateway (SMSAPP_API_URL and SMSAPP_API_TOKEN, e.g. a simulator in a process of its own).
   */
  mode?: 'sandbox' | 'live';
}

/** Fails early and clearly when the dashboard was not built, instead of every page being blank. */
export function assertDashboardBuilt(): void {
  assertCliBuilt();
  if (!existsSync(path.join(REPO_ROOT, 'web', 'dist', 'index.html'))) {
    throw new Error('web/dist/index.html is missing: run `npm run build` before the e2e tests');
  }
}

/** Starts `node bin/cafe-sms.js serve --port 0 --json` without SMSAPP_API_TOKEN (sandbox) and reads its URL. */
export async function startServe(options: StartServeOptions = {}): Promise<ServeProcess> {
  assertDashboardBuilt();
  const dir = await createTempDir('cafe-sms-e2e-');
  const databaseUrl = dir.file('cafe-sms.db');
  const env = { ...FAST_SANDBOX, DATABASE_URL: databaseUrl, ADMIN_PASSWORD, ...options.env };
  const running: RunningCli = startCli(['serve', '--port', '0', '--json'], { cwd: dir.path, env });
  let url: string;
  try {
    const line = await running.waitForLine(/^\{"url":/, options.startTimeoutMs ?? 20_000);
    const printed = JSON.parse(line) as { url: string; mode: string };
    const mode = options.mode ?? 'sandbox';
    if (printed.mode !== mode) throw new Error(`cafe-sms serve started in ${printed.mode} mode; these tests need ${mode} mode`);
    url = printed.url;
  } catch (error) {
    await running.stop('SIGKILL');
    await dir.remove();
    throw error;
  }

  return {
    url,
    pid: running.child.pid ?? 0,
    databaseUrl,
    env,
    dir,
    createApiKey: async (name) => {
      const result = await runCli(['apikey', 'create', name, '--json'], { cwd: dir.path, env });
      if (result.code !== 0) throw new Error(`cafe-sms apikey create failed (${result.code}): ${result.stderr}`);
      return (JSON.parse(result.stdout) as { key: string }).key;
    },
    stderr: () => running.stderr(),
    stop: async () => {
      try {
        const result = await running.stop('SIGTERM', 15_000);
        if (result.code !== 0) throw new Error(`cafe-sms serve exited with ${result.code ?? result.signal}: ${result.stderr}`);
      } finally {
        await dir.remove();
      }
    },
  };
}
