import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/index.js';
import { createGatewayClient, type GatewayClient } from '../gateway/index.js';
import { startSimulator, type Simulator } from '../simulator/index.js';
import { checkBulkFile, sendBulkFile, type SendBulkFileOptions } from './index.js';

const TOKEN = 'send-file-test-token';
let sim: Simulator;
let client: GatewayClient;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ token: TOKEN });
  client = createGatewayClient({ baseUrl: sim.url, token: new Secret(TOKEN), senderId: 'Cafe de Revenue', maxAttempts: 1 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  sim.reset();
  sim.setOptions({ latencyMs: 0, blacklist: [] });
  dir = await mkdtemp(path.join(tmpdir(), 'cafe-send-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const phone = (i: number) => `92300${1_000_000 + i}`;

async function csvFile(lines: string[]): Promise<string> {
  const file = path.join(dir, 'in.csv');
  await writeFile(file, ['phone,message', ...lines].join('\n'));
  return file;
}

function options(file: string, overrides: Partial<SendBulkFileOptions> = {}): SendBulkFileOptions {
  return {
    file,
    defaultCountry: 'PK',
    output: createWriteStream(path.join(dir, 'results.csv')),
    send: (items, signal) => client.sendBulk(items, { signal }),
    rowsPerCall: 10,
    concurrency: 3,
    ...overrides,
  };
}

async function results(): Promise<Record<string, string>[]> {
  return parse<Record<string, string>>(await readFile(path.join(dir, 'results.csv'), 'utf8'), { columns: true });
}

describe('sendBulkFile', () => {
  it('sends every valid row once and writes one result per input row, in order', async () => {
    const lines = Array.from({ length: 95 }, (_, i) => (i % 20 === 7 ? `bad${i},hi` : `+${phone(i)},hello ${i}`));
    const file = await csvFile(lines);
    const check = await checkBulkFile(file, { defaultCountry: 'PK' });
    const progress: number[] = [];
    const report = await sendBulkFile(options(file, { phones: check.phones, onProgress: (n) => progress.push(n) }));

    expect(report.stoppedBy).toBeUndefined();
    expect(report.summary).toMatchObject({ total: 95, accepted: 90, invalid: 5, rejected: 0, unknown: 0, segments: 90 });
    expect(progress.at(-1)).toBe(90);
    expect(sim.outbound()).toHaveLength(90);
    const rows = await results();
    expect(rows.map((row) => row.line)).toEqual(lines.map((_, i) => String(i + 2)));
    rows.forEach((row, i) => {
      if (i % 20 === 7) expect(row).toMatchObject({ outcome: 'invalid', phone: `bad${i}` });
      else expect(row).toMatchObject({ outcome: 'accepted', phone: phone(i), uid: sim.sentTo(phone(i))[0]?.uid });
    });
  });

  it('never sends the rows of customers who opted out: each is skipped, with the date, and not counted as sent', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `0300${1_000_000 + i},hello ${i}`);
    const file = await csvFile(lines);
    const optedOut = new Map([phone(3), phone(10), phone(29)].map((p) => [p, '2026-11-20T09:30:00.000Z']));
    const check = await checkBulkFile(file, { defaultCountry: 'PK', optedOut });
    expect(check).toMatchObject({ total: 30, valid: 27, skipped: 3 });
    const progress: number[] = [];
    const report = await sendBulkFile(options(file, { phones: check.phones, optedOut, onProgress: (n) => progress.push(n) }));

    expect(report.summary).toMatchObject({
      total: 30,
      accepted: 27,
      skipped: 3,
      rejected: 0,
      invalid: 0,
      segments: 27,
      skippedLines: [5, 12, 31],
    });
    expect(report.attempted).toBe(27);
    expect(progress.at(-1)).toBe(27);
    expect(sim.outbound()).toHaveLength(27);
    for (const i of [3, 10, 29]) expect(sim.sentTo(phone(i))).toHaveLength(0);
    const rows = await results();
    expect(rows).toHaveLength(30);
    // 14:30 in Karachi (UTC+5).
    expect(rows[3]).toEqual({
      line: '5',
      phone: phone(3),
      outcome: 'skipped',
      uid: '',
      error: 'not sent: the customer opted out on 2026-11-20 14:30 (cafe time)',
    });
    expect(rows.filter((row) => row.outcome === 'accepted')).toHaveLength(27);
  });

  it('records rejections with their reason', async () => {
    sim.setOptions({ blacklist: [phone(1)] });
    const report = await sendBulkFile(options(await csvFile([`0300${1_000_000}`, `0300${1_000_001}`].map((p) => `${p},hi`))));
    expect(report.summary).toMatchObject({ accepted: 1, rejected: 1 });
    expect(report.summary.rejectedReasons[0]?.reason).toContain('Number contains in the blacklist');
    expect((await results())[1]).toMatchObject({ outcome: 'rejected', error: expect.stringContaining('blacklist') });
  });

  it('stops when aborted: calls in flight are answered and recorded, the rest are not_sent and never reach the gateway', async () => {
    sim.setOptions({ latencyMs: 30 });
    const file = await csvFile(Array.from({ length: 200 }, (_, i) => `0300${1_000_000 + i},hi`));
    const controller = new AbortController();
    const report = await sendBulkFile(
      options(file, {
        signal: controller.signal,
        // The first call goes alone; Ctrl-C comes as the first of the next three calls is answered.
        onProgress: (settled) => {
          if (settled > 10) controller.abort(new Error('operator pressed Ctrl-C'));
        },
      }),
    );
    expect(report.stoppedBy).toBe('operator pressed Ctrl-C');
    expect(report.stoppedByCode).toBe('internal');
    const rows = await results();
    expect(rows).toHaveLength(200);
    const count = (outcome: string) => rows.filter((row) => row.outcome === outcome).length;
    // The first call, then the three calls in flight (3 × 10 rows), all finish and are recorded as the gateway answered them.
    expect(count('accepted')).toBe(40);
    expect(count('unknown')).toBe(0);
    expect(count('rejected')).toBe(0);
    expect(count('not_sent')).toBe(160);
    expect(rows.at(-1)?.error).toBe('not sent: sending stopped (operator pressed Ctrl-C) before this row was handed to the gateway');
    expect(report.summary).toMatchObject({ total: 200, accepted: 40, unknown: 0, rejected: 0, notSent: 160 });
    expect(report.summary.notSentLines).toEqual([42, 43, 44, 45, 46, 47, 48, 49, 50, 51]);
    expect(sim.outbound()).toHaveLength(40);
    for (const row of rows) {
      const sent = sim.sentTo(row.phone ?? '');
      if (row.outcome === 'accepted') expect(sent.map((record) => record.uid)).toEqual([row.uid]);
      else expect(sent).toEqual([]);
    }
  });

  it('stops at the first answer refusing the API token: one call is made, every later row is not_sent', async () => {
    const wrong = createGatewayClient({
      baseUrl: sim.url,
      token: new Secret('not-the-token'),
      senderId: 'Cafe de Revenue',
      maxAttempts: 1,
    });
    const file = await csvFile(Array.from({ length: 200 }, (_, i) => `0300${1_000_000 + i},hi`));
    let calls = 0;
    const report = await sendBulkFile(
      options(file, {
        send: (items, signal) => {
          calls += 1;
          return wrong.sendBulk(items, { signal });
        },
      }),
    );
    expect(calls).toBe(1);
    expect(report.stoppedByCode).toBe('auth');
    expect(report.stoppedBy).toMatch(/API token/);
    expect(report.summary).toMatchObject({ total: 200, accepted: 0, rejected: 10, unknown: 0, notSent: 190 });
    const rows = await results();
    expect(rows.slice(0, 10).every((row) => row.outcome === 'rejected')).toBe(true);
    expect(rows.slice(10).every((row) => row.outcome === 'not_sent' && /API token/.test(row.error ?? ''))).toBe(true);
    expect(sim.outbound()).toEqual([]);
  });

  it('sends the first call alone, then keeps `concurrency` calls in flight', async () => {
    sim.setOptions({ latencyMs: 20 });
    const file = await csvFile(Array.from({ length: 100 }, (_, i) => `0300${1_000_000 + i},hi`));
    let inFlight = 0;
    const seen: number[] = [];
    const report = await sendBulkFile(
      options(file, {
        send: async (items, signal) => {
          seen.push(++inFlight);
          try {
            return await client.sendBulk(items, { signal });
          } finally {
            inFlight -= 1;
          }
        },
      }),
    );
    expect(report.summary.accepted).toBe(100);
    expect(seen[0]).toBe(1);
    expect(seen[1]).toBe(1);
    expect(Math.max(...seen)).toBe(3);
  });

  it('still cuts the calls in flight short when the results file cannot be written', async () => {
    const file = await csvFile(Array.from({ length: 3_000 }, (_, i) => `0300${1_000_000 + i},hi`));
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'));
      },
    });
    broken.on('error', () => undefined);
    let calls = 0;
    const started = performance.now();
    // The first 35 calls are answered at once: their results fill the writer's first 64 KB piece,
    // whose write fails. Later calls hang (for 20 s) until they are aborted.
    const run = sendBulkFile(
      options(file, {
        output: broken,
        rowsPerCall: 50,
        concurrency: 3,
        send: async (items, signal) => {
          calls += 1;
          if (calls > 35) await sleep(20_000, undefined, { signal });
          return client.sendBulk(items, { signal });
        },
      }),
    );
    await expect(run).rejects.toThrow(/disk full.*Sending stopped part-way/s);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(sim.outbound().length).toBeLessThanOrEqual(35 * 50);
  });

  it('stops sending when the send function fails, and says so', async () => {
    const file = await csvFile(Array.from({ length: 30 }, (_, i) => `0300${1_000_000 + i},hi`));
    let calls = 0;
    const report = await sendBulkFile(
      options(file, {
        concurrency: 1,
        send: async (items, signal) => {
          calls += 1;
          if (calls === 2) throw new Error('client bug');
          return client.sendBulk(items, { signal });
        },
      }),
    );
    expect(report.stoppedBy).toBe('client bug');
    expect((await results()).map((row) => row.outcome)).toEqual([
      ...Array<string>(10).fill('accepted'),
      ...Array<string>(10).fill('unknown'),
      ...Array<string>(10).fill('not_sent'),
    ]);
    expect(report.summary).toMatchObject({ accepted: 10, unknown: 10, notSent: 10, rejected: 0 });
  });

  it('throws, naming how much was sent, when the results cannot be written', async () => {
    const file = await csvFile(Array.from({ length: 30 }, (_, i) => `0300${1_000_000 + i},hi`));
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'));
      },
    });
    broken.on('error', () => undefined);
    await expect(sendBulkFile(options(file, { output: broken, concurrency: 1 }))).rejects.toThrow(
      /disk full.*Sending stopped part-way: \d+ messages had been handed to the gateway/s,
    );
  });
});
