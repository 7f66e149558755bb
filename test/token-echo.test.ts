/**
 * A gateway that echoes the Authorization header into its records (the simulator's
 * echoAuthorization): the token must come out of everything cafe-sms keeps or shows — the
 * client's answers, the logs, the outbox rows in the SQLite file, the HTTP API, and the CLI's
 * `send` output and bulk results file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inspect } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../src/config/index.js';
import { createGatewayClient, type GatewayClient } from '../src/gateway/index.js';
import { createLogger } from '../src/log/index.js';
import { createWorker } from '../src/outbox/index.js';
import { allRows, insertCampaign, insertRows, movingClock } from '../src/outbox/test-support/fixtures.js';
import { fastWorkerTiming } from '../src/outbox/test-support/worker-harness.js';
import { createTestApp, type TestApp } from '../src/server/test-support/test-app.js';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { assertCliBuilt, createTempDir, runCli, type TempDir } from './support/index.js';
import { openTempStore } from '../src/store/test-support/temp-store.js';

/** Shaped like the platform's tokens: long enough to be scrubbed from answers. */
const TOKEN = '9|EchoTokenQm4sVb7LkPz2Wx8RtYc5NdHu';
const SENDER = 'Cafe de Revenue';

const base64 = (text: string) => Buffer.from(text).toString('base64');

/** Every form the simulator echoes (and some it does not), each of which must be gone. */
const LEAKS = [
  TOKEN,
  TOKEN.toUpperCase(),
  TOKEN.toLowerCase(),
  base64(TOKEN).replace(/=+$/, ''),
  base64(`Bearer ${TOKEN}`).replace(/=+$/, ''),
  encodeURIComponent(TOKEN),
  'EchoToken',
];

function expectNoLeak(text: string, where: string): void {
  for (const leak of LEAKS)
    expect(text.includes(leak), `${where} holds ${leak === TOKEN ? 'the token' : `a form of it (${leak})`}`).toBe(false);
  expect(text.toLowerCase().includes('echotoken'), `${where} holds the token in some case`).toBe(false);
}

function capturedLogger() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'trace', destination: { write: (line: string) => void lines.push(line) } });
  return { lines, logger };
}

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ token: TOKEN, echoAuthorization: true, blacklist: ['923001000009'] });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.reset();
  sim.setOptions({ echoAuthorization: true, deliveryDelayMs: 0 });
});

function clientWith(logger: ReturnType<typeof createLogger>): GatewayClient {
  return createGatewayClient({
    baseUrl: sim.url,
    token: new Secret(TOKEN),
    senderId: SENDER,
    logger,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
  });
}

describe('a gateway that echoes the token into its records', () => {
  it('really echoes it: the simulator answers carry the token', async () => {
    const answer = await fetch(`${sim.url}sms/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ recipient: '923001000001', sender_id: SENDER, message: 'Hello' }),
    });
    const text = await answer.text();
    expect(text).toContain(TOKEN);
    expect(text).toContain(base64(`Bearer ${TOKEN}`));
  });

  it('leaves no trace of it in what the client answers or logs', async () => {
    const { lines, logger } = capturedLogger();
    const client = clientWith(logger);
    const results: unknown[] = [];
    results.push(await client.send({ to: '923001000001', message: 'Your chai is ready' }));
    results.push(await client.send({ to: '923001000009', message: 'Blacklisted' }));
    results.push(await client.sendBulk([1, 2, 3, 9].map((i) => ({ to: `92300100000${i}`, message: `Order ${i}` }))));
    results.push(await client.get(sim.records()[0]?.uid ?? ''));
    results.push(await client.list());
    for await (const record of client.listAll()) results.push(record);
    const printed = [JSON.stringify(results), inspect(results, { depth: 20 }), ...lines].join('\n');
    expectNoLeak(printed, 'the client answers and logs');
    expect(printed).toContain('[redacted]');
    expect(lines.length).toBeGreaterThan(5);
  });
});

describe('the outbox, the HTTP API and the database file', () => {
  let test: TestApp;
  beforeEach(async () => {
    test = await createTestApp();
  });
  afterEach(async () => {
    await test.close();
  });

  it('never hold it: rows, statuses, error texts, /api/messages, /api/overview, the SQLite file and its WAL', async () => {
    const { lines, logger } = capturedLogger();
    const signedIn = await test.signIn();
    for (const [phone, message] of [
      ['0300-1000001', 'Your order is ready'],
      ['0300-1000009', 'Blacklisted customer'],
    ]) {
      const queued = await test.app.inject({
        method: 'POST',
        url: '/api/messages',
        headers: signedIn.headers,
        payload: { phone, message },
      });
      expect(queued.statusCode, queued.body).toBe(202);
    }
    const campaign = await insertCampaign(test.store.db);
    await insertRows(
      test.store.db,
      campaign,
      [2, 3, 4, 9].map((i) => ({ phone: `92300100000${i}`, body: `Campaign ${i}` })),
    );

    const clock = movingClock();
    const worker = createWorker({ db: test.store.db, client: clientWith(logger), logger, ...fastWorkerTiming(clock) });
    const summary = await worker.runUntilIdle();
    expect(summary.sent).toBeGreaterThanOrEqual(5);
    expect(sim.stats().byOperation.bulk).toBeGreaterThanOrEqual(1);

    const rows = await test.store.db.selectFrom('outbox_messages').selectAll().execute();
    expect(rows).toHaveLength(6);
    // The echoes reached the rows, scrubbed: the gateway's status texts and refusals.
    const stored = JSON.stringify(rows);
    expect(stored).toContain('[redacted]');
    expectNoLeak(stored, 'the outbox rows');

    const api: string[] = [];
    for (const url of ['/api/messages', '/api/overview', `/api/messages/${rows[0]?.id}`]) {
      const answer = await test.app.inject({ method: 'GET', url, headers: signedIn.headers });
      expect(answer.statusCode, `${url}: ${answer.body}`).toBe(200);
      api.push(answer.body);
    }
    expectNoLeak(api.join('\n'), 'the HTTP API');
    expectNoLeak(lines.join('\n'), 'the logs');

    const database = test.config.databaseUrl;
    for (const file of [database, `${database}-wal`]) {
      const bytes = await readFile(file).catch(() => Buffer.alloc(0));
      expectNoLeak(bytes.toString('latin1'), path.basename(file));
    }
    expect((await readFile(database)).length).toBeGreaterThan(0);
  });
});

describe('a short sandbox token inside our own message texts', () => {
  it('is left in the records, so a send whose answer was lost is still reconciled by its text, not sent again', async () => {
    const store = await openTempStore();
    const clock = movingClock();
    const sandbox = await startSimulator({ token: 'test', now: () => clock.now().getTime(), deliveryDelayMs: 60_000 });
    try {
      const client = createGatewayClient({
        baseUrl: sandbox.url,
        token: new Secret('test'),
        senderId: SENDER,
        retryBaseDelayMs: 5,
        retryMaxDelayMs: 20,
      });
      const campaign = await insertCampaign(store.db);
      const phones = ['923001000001', '923001000002'];
      await insertRows(
        store.db,
        campaign,
        phones.map((phone) => ({ phone, body: 'test order: your test kit is ready' })),
      );
      await insertRows(store.db, null, [{ phone: '923001000003', body: 'this is a test' }]);
      sandbox.injectFaults({ kind: 'cut_after_accept', on: 'bulk' }, { kind: 'cut_after_accept', on: 'send' });
      await createWorker({ db: store.db, client, ...fastWorkerTiming(clock) }).runUntilIdle();
      expect(sandbox.stats().cut).toBe(2);
      for (const phone of [...phones, '923001000003']) expect(sandbox.sentTo(phone), phone).toHaveLength(1);
      const rows = await allRows(store.db);
      expect(rows.map((row) => row.state)).toEqual(['accepted', 'accepted', 'accepted']);
      expect(rows.every((row) => row.gateway_uid !== null)).toBe(true);
    } finally {
      await sandbox.close();
      await store.dispose();
    }
  });
});

describe('the CLI', () => {
  let dir: TempDir;
  beforeAll(() => assertCliBuilt());
  beforeEach(async () => {
    dir = await createTempDir('cafe-token-echo-');
  });
  afterEach(async () => {
    await dir.remove();
  });

  const cli = (args: string[]) =>
    runCli(args, {
      cwd: dir.path,
      env: { SMSAPP_API_URL: sim.url, SMSAPP_API_TOKEN: TOKEN, LOG_LEVEL: 'trace', DATABASE_URL: path.join(dir.path, 'cafe.db') },
    });

  it('send, get and list print no trace of it, as text or JSON', async () => {
    const outputs: string[] = [];
    for (const args of [
      ['send', '0300-1000001', 'Your chai is ready'],
      ['send', '0300-1000002', 'Your chai is ready', '--json'],
      ['send', '0300-1000009', 'Blacklisted'],
    ]) {
      const result = await cli(args);
      outputs.push(result.stdout, result.stderr);
    }
    const uid = sim.records()[0]?.uid ?? '';
    for (const args of [['get', uid], ['get', uid, '--json'], ['list'], ['list', '--json']]) {
      const result = await cli(args);
      expect(result.code, result.stderr).toBe(0);
      outputs.push(result.stdout, result.stderr);
    }
    expect(sim.outbound()).toHaveLength(2);
    const printed = outputs.join('\n');
    expectNoLeak(printed, 'the CLI output');
    expect(printed).toContain('[redacted]');
  });

  it('bulk writes a results file with no trace of it, and a formula cell as text', async () => {
    const file = path.join(dir.path, 'customers.csv');
    const link = '=HYPERLINK("http://evil.example","x")';
    const rows = ['phone,message', '03001000001,Fresh croissants', '03001000002,Fresh croissants', '03001000009,Fresh croissants'];
    rows.push(`"${link.replaceAll('"', '""')}",Fresh croissants`);
    await writeFile(file, `${rows.join('\n')}\n`);
    const result = await cli(['bulk', file, '--skip-invalid']);
    expect(result.code, result.stderr).toBe(1);
    const results = await readFile(`${file}.results.csv`, 'utf8');
    const parsed = parse<Record<string, string>>(results, { columns: true });
    expect(parsed.map((row) => [row.line, row.phone, row.outcome])).toEqual([
      ['2', '923001000001', 'accepted'],
      ['3', '923001000002', 'accepted'],
      ['4', '923001000009', 'rejected'],
      ['5', `'${link}`, 'invalid'],
    ]);
    expectNoLeak([results, result.stdout, result.stderr].join('\n'), 'the bulk run');
    expect(results).toContain('[redacted]');
    expect(results).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(sim.outbound()).toHaveLength(3);
  });
});
