import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { parseSimulatorFlags } from './simulator.js';
import { assertCliBuilt, createTempDir, runCli, startCli, type RunningCli, type TempDir } from '../../test/support/index.js';

// Spawned-process tests of `cafe-sms simulator` (run `npm run build` first).

const TOKEN = 'cli-sim-token-4b1e07';

let dir: TempDir;
let running: RunningCli | undefined;

beforeAll(() => {
  assertCliBuilt();
});
beforeEach(async () => {
  dir = await createTempDir('cafe-cli-simulator-');
});
afterEach(async () => {
  await running?.stop('SIGKILL');
  running = undefined;
  await dir.remove();
});

function simulator(args: string[], env: Record<string, string | undefined> = {}): RunningCli {
  running = startCli(['simulator', ...args], { cwd: dir.path, env });
  return running;
}

async function listenUrl(cli: RunningCli): Promise<string> {
  const line = await cli.waitForLine(/^\{"url":/);
  return (JSON.parse(line) as { url: string }).url;
}

async function listMessages(url: string, token: string): Promise<{ status: string; message: string | null; data: unknown }> {
  const response = await fetch(`${url}sms`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  return (await response.json()) as { status: string; message: string | null; data: unknown };
}

describe('cafe-sms simulator', () => {
  it('prints {"url"} with --json on a real port, answers calls, and exits 0 on SIGTERM', async () => {
    const cli = simulator(['--port', '0', '--json', '--token', TOKEN, '--per-page', '7', '--bulk-answer', 'count']);
    const url = await listenUrl(cli);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*\/api\/v3\/$/);

    const list = await listMessages(url, TOKEN);
    expect(list.status).toBe('success');
    expect(list.data).toMatchObject({ per_page: 7, total: 0 });
    const bulk = await fetch(`${url}sms/send-bulk-messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify([{ contact: 923001234567, message: 'hi', type: 'text' }]),
    });
    expect(await bulk.json()).toMatchObject({ status: 'success', data: { total: 1 } });

    const result = await cli.stop('SIGTERM');
    expect(result.code).toBe(0);
    expect(result.signal).toBeNull();
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  it('takes SMSAPP_API_TOKEN from the configuration, prints where it listens without the token, and exits 0 on SIGINT', async () => {
    const cli = simulator(['--port', '0'], { SMSAPP_API_TOKEN: TOKEN });
    const line = await cli.waitForLine(/listening/);
    const url = /SMSAPP_API_URL=(\S+)/.exec(line)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3\/$/);
    expect(line).toContain('SMSAPP_API_TOKEN');
    expect((await listMessages(url ?? '', TOKEN)).status).toBe('success');
    expect((await listMessages(url ?? '', 'sandbox-token')).message).toBe('Unauthenticated.');
    const result = await cli.stop('SIGINT');
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  it('keeps --balance SMS units: answers GET balance, refuses sends beyond them', async () => {
    const cli = simulator(['--port', '0', '--json', '--token', TOKEN, '--balance', '1500']);
    const url = await listenUrl(cli);
    const headers = { authorization: `Bearer ${TOKEN}`, accept: 'application/json', 'content-type': 'application/json' };
    expect(await (await fetch(`${url}balance`, { headers })).json()).toEqual({
      status: 'success',
      message: null,
      data: { remaining_balance: '1,500' },
    });
    const twentyUnits = await fetch(`${url}sms/send-bulk-messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify(
        Array.from({ length: 2 }, (_, i) => ({ contact: 923001234560 + i, message: 'a'.repeat(153 * 10), type: 'text' })),
      ),
    });
    expect(await twentyUnits.json()).toMatchObject({ status: 'success' });
    const refused = await fetch(`${url}sms/send`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ recipient: '923001234567', sender_id: 'Cafe de Revenue', message: 'a'.repeat(153 * 1490) }),
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ message: 'You do not have sufficient sms unit to send message' });
    expect((await cli.stop()).code).toBe(0);
  });

  it('accepts the sandbox token when no token is configured', async () => {
    const cli = simulator(['--port', '0', '--json']);
    const url = await listenUrl(cli);
    expect((await listMessages(url, 'sandbox-token')).status).toBe('success');
    expect((await cli.stop()).code).toBe(0);
  });

  it.each([
    [['--port', 'abc'], '--port'],
    [['--bulk-answer', 'xml'], '--bulk-answer'],
  ])('exits 2 naming the option for %j', async (args, flag) => {
    const result = await runCli(['simulator', ...args], { cwd: dir.path });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(flag);
  });

  it('reports a bad option as JSON with --json', async () => {
    const result = await runCli(['simulator', '--error-rate', '7', '--json'], { cwd: dir.path });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'invalid_input', input: '--error-rate' } });
  });

  it('exits 2 with a clear message when the port is taken', async () => {
    const first = simulator(['--port', '0', '--json']);
    const port = new URL(await listenUrl(first)).port;
    const result = await runCli(['simulator', '--port', port], { cwd: dir.path });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}`));
  });
});

describe('parseSimulatorFlags', () => {
  const defaults = { port: '8787', host: '127.0.0.1' };

  it('turns every flag into a simulator option', () => {
    expect(
      parseSimulatorFlags({
        ...defaults,
        latencyMs: '15',
        errorRate: '0.05',
        cutRate: '0',
        rateLimit: '16',
        deliveryDelayMs: '500',
        perPage: '50',
        bulkAnswer: 'message',
        balance: '250',
      }),
    ).toEqual({
      port: 8787,
      host: '127.0.0.1',
      latencyMs: 15,
      errorRate: 0.05,
      cutRate: 0,
      rateLimit: 16,
      deliveryDelayMs: 500,
      perPage: 50,
      bulkAnswer: 'message',
      balance: 250,
    });
  });

  it.each([
    [{ port: 'abc' }, '--port'],
    [{ port: '70000' }, '--port'],
    [{ port: '-1' }, '--port'],
    [{ host: ' ' }, '--host'],
    [{ latencyMs: '-5' }, '--latency-ms'],
    [{ errorRate: '1.5' }, '--error-rate'],
    [{ errorRate: '' }, '--error-rate'],
    [{ cutRate: 'half' }, '--cut-rate'],
    [{ rateLimit: '0' }, '--rate-limit'],
    [{ deliveryDelayMs: '2.5' }, '--delivery-delay-ms'],
    [{ perPage: '0' }, '--per-page'],
    [{ bulkAnswer: 'xml' }, '--bulk-answer'],
    [{ balance: '-1' }, '--balance'],
    [{ balance: 'lots' }, '--balance'],
  ])('refuses %j with an invalid_input error naming the flag', (flags, flag) => {
    let caught: unknown;
    try {
      parseSimulatorFlags({ ...defaults, ...flags });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CafeError);
    expect((caught as CafeError).code).toBe('invalid_input');
    expect((caught as CafeError).input).toBe(flag);
    expect((caught as CafeError).message).toContain(flag);
  });
});
