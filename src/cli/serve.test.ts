import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertCliBuilt, createTempDir, startCli, type RunningCli, type TempDir } from '../../test/support/index.js';

// `cafe-sms serve` spawned for real (run `npm run build` first): sandbox mode, sign-in, a message
// through the API, the worker sending it to the built-in simulator, and a clean SIGTERM.

const ADMIN_PASSWORD = 'serve-test-password';
const URL_LINE = /^cafe-sms is running at (http:\/\/\S+)$/;

let dir: TempDir;
let running: RunningCli | undefined;

beforeAll(() => {
  assertCliBuilt();
});
beforeEach(async () => {
  dir = await createTempDir('cafe-cli-serve-');
});
afterEach(async () => {
  await running?.stop('SIGKILL');
  running = undefined;
  await dir.remove();
});

function serve(env: Record<string, string> = {}, args: string[] = []): RunningCli {
  running = startCli(['serve', '--port', '0', ...args], {
    cwd: dir.path,
    env: { DATABASE_URL: dir.file('db.sqlite'), LOG_LEVEL: 'warn', ...env },
  });
  return running;
}

async function baseUrl(cli: RunningCli): Promise<string> {
  const line = await cli.waitForLine(URL_LINE, 15_000);
  return URL_LINE.exec(line)?.[1] ?? '';
}

async function signIn(base: string, password: string): Promise<{ cookie: string; csrfToken: string }> {
  const response = await fetch(new URL('api/auth/login', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  expect(response.status).toBe(200);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, csrfToken: ((await response.json()) as { csrfToken: string }).csrfToken };
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('cafe-sms serve', () => {
  it('runs in sandbox mode: sign in with ADMIN_PASSWORD, send a message, see it accepted, stop on SIGTERM with exit 0', async () => {
    const cli = serve({ ADMIN_PASSWORD });
    const base = await baseUrl(cli);
    expect(cli.stdout()).toMatch(/SANDBOX MODE: no real SMS is sent/);
    expect(cli.stdout()).toMatch(/created the user "admin" with the password in ADMIN_PASSWORD/);

    const health = await fetch(new URL('api/health', base));
    expect(await health.json()).toEqual({ ok: true, mode: 'sandbox' });

    const session = await signIn(base, ADMIN_PASSWORD);
    const headers = { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken };
    const sent = await fetch(new URL('api/messages', base), {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': 'serve-test-1' },
      body: JSON.stringify({ phone: '0300 1234567', message: 'Your order is ready' }),
    });
    expect(sent.status).toBe(202);
    const { message } = (await sent.json()) as { message: { id: number } };

    const accepted = await waitFor(
      async () =>
        (await (await fetch(new URL(`api/messages/${message.id}`, base), { headers })).json()) as {
          state: string;
          gatewayUid: string | null;
        },
      (view) => view.state === 'accepted' || view.state === 'delivered',
    );
    expect(accepted.state).toMatch(/accepted|delivered/);
    expect(accepted.gatewayUid).toMatch(/^[0-9a-f]{13}$/);

    const overview = (await (await fetch(new URL('api/overview', base), { headers })).json()) as {
      mode: string;
      worker: { state: string } | null;
    };
    expect(overview.mode).toBe('sandbox');
    expect(overview.worker?.state).toBeDefined();

    const result = await cli.stop('SIGTERM');
    expect(result.code).toBe(0);
    const output = result.stdout + result.stderr;
    expect(output).not.toContain(ADMIN_PASSWORD);
    expect(output).not.toContain(session.cookie.split('=')[1] ?? '');
  });

  it('with --no-worker takes messages but leaves sending to worker processes, and says so', async () => {
    const cli = serve({ ADMIN_PASSWORD }, ['--no-worker']);
    const base = await baseUrl(cli);
    expect(cli.stdout()).toMatch(/This server does not send \(--no-worker\): messages go out through `npx cafe-sms worker` processes/);
    const session = await signIn(base, ADMIN_PASSWORD);
    const headers = { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken };
    const sent = await fetch(new URL('api/messages', base), {
      method: 'POST',
      headers,
      body: JSON.stringify({ phone: '0300 1234567', message: 'Your order is ready' }),
    });
    expect(sent.status).toBe(202);
    const { message } = (await sent.json()) as { message: { id: number } };
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const view = (await (await fetch(new URL(`api/messages/${message.id}`, base), { headers })).json()) as { state: string };
    expect(view.state).toBe('queued');
    const overview = (await (await fetch(new URL('api/overview', base), { headers })).json()) as { worker: unknown; workers: unknown[] };
    expect(overview).toMatchObject({ worker: null, workers: [] });
    expect((await cli.stop('SIGTERM')).code).toBe(0);
  });

  it('on first start without ADMIN_PASSWORD prints a generated password once, and not on the next start', async () => {
    const first = serve();
    const base = await baseUrl(first);
    const password = /shown only this once:\n\n\s+(\S+)\n/.exec(first.stdout())?.[1];
    expect(password).toMatch(/^[\w-]{24}$/);
    await signIn(base, password ?? '');
    expect((await first.stop('SIGINT')).code).toBe(0);
    expect(first.stderr()).not.toContain(password ?? '');

    const second = serve();
    await baseUrl(second);
    expect(second.stdout()).not.toMatch(/created the user/);
    expect((await second.stop('SIGTERM')).code).toBe(0);
  });

  it('refuses a bad --port with exit 2', async () => {
    const cli = startCli(['serve', '--port', 'eighty'], { cwd: dir.path, env: { DATABASE_URL: dir.file('db.sqlite') } });
    const result = await cli.exited();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--port must be a whole number from 0 to 65535/);
  });

  it('refuses an ADMIN_PASSWORD too short to use, naming it', async () => {
    const cli = startCli(['serve', '--port', '0'], {
      cwd: dir.path,
      env: { DATABASE_URL: dir.file('db.sqlite'), ADMIN_PASSWORD: 'Zq9!x' },
    });
    const result = await cli.exited();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ADMIN_PASSWORD is not usable: A password must be at least 8 characters/);
    expect(result.stdout + result.stderr).not.toContain('Zq9!x');
  });
});
