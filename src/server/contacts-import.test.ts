import { request } from 'node:http';
import { connect } from 'node:net';
import { Readable, Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ListeningServer } from './listen.js';
import { useListeningApps } from './test-support/listening-app.js';
import { refuseContactInsert } from '../store/test-support/refuse-insert.js';
import { errorOf, type SignedIn, type TestApp } from './test-support/test-app.js';
import { guestContactRows, guestContactsCsv, localPhone, normalizedPhone } from '../../test/support/index.js';

// POST /api/contacts/import over a real socket: what a cut-off import stored, and that the server stays responsive.

const startApp = useListeningApps();

interface Started {
  test: TestApp;
  server: ListeningServer;
  admin: SignedIn;
  /** The log's JSON lines so far. */
  logLines(): Record<string, unknown>[];
}

async function start(): Promise<Started> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  const { test, server } = await startApp({ logger: pino({ level: 'info' }, sink) });
  const admin = await test.signIn();
  const logLines = () =>
    lines
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { test, server, admin, logLines };
}

async function storedPhones(t: TestApp): Promise<string[]> {
  const rows = await t.store.db.selectFrom('contacts').select('phone').orderBy('phone').execute();
  return rows.map((row) => row.phone);
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Streams the body as chunked transfer encoding (no Content-Length), as a browser streams a big file. */
function uploadChunked(s: Started, chunks: AsyncIterable<string | Buffer>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL('api/contacts/import', s.server.url), {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...s.admin.headers },
    });
    req.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    // The server answers 413 and stops reading while we still send: a reset after the answer is expected.
    req.on('error', reject);
    Readable.from(chunks).pipe(req);
  });
}

async function timedHealth(s: Started): Promise<number> {
  const started = performance.now();
  const response = await fetch(new URL('api/health', s.server.url));
  expect(response.status).toBe(200);
  await response.body?.cancel();
  return performance.now() - started;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('POST /api/contacts/import, cut off', () => {
  it('answers 413 for an upload past 50 MB, saying exactly which lines it stored, and they are what the database holds', async () => {
    const s = await start();
    const healthTimes: number[] = [];
    const megabyteOfBlankLines = Buffer.alloc(1024 * 1024, 0x0a);
    async function* body() {
      yield guestContactsCsv(5_000);
      for (let mb = 0; mb < 53; mb += 1) {
        if (mb % 10 === 5) healthTimes.push(await timedHealth(s));
        yield megabyteOfBlankLines;
      }
    }
    const answer = await uploadChunked(s, body());
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({
      statusCode: 413,
      code: 'invalid_input',
      message:
        'The file is larger than 50 MB. Lines 2 to 5,001 were imported (5,000 contacts); nothing from line 5,002 on was. ' +
        'Import the rest as a file of its own — importing the same rows again is safe.',
      stored: { storedThroughLine: 5001, imported: 5000, updated: 0, merged: 0, optedOut: 0, rejected: [], rejectedTotal: 0, total: 5000 },
    });
    // Rows are read and batches written in file order, so the stored lines are a prefix of the file.
    expect(await storedPhones(s.test)).toEqual(Array.from({ length: 5_000 }, (_, i) => normalizedPhone(i)));
    expect(healthTimes.length).toBeGreaterThan(0);
    for (const ms of healthTimes) expect(ms).toBeLessThan(500);
  }, 60_000);

  it('refuses an upload whose declared length passes 50 MB before reading it, saying nothing was imported', async () => {
    const s = await start();
    const response = await s.test.app.inject({
      method: 'POST',
      url: '/api/contacts/import',
      headers: { ...s.admin.headers, 'content-type': 'text/csv', 'content-length': String(60 * 1024 * 1024) },
      payload: `phone\n${localPhone(0)}\n`,
    });
    expect(response.statusCode).toBe(413);
    expect(errorOf(response).message).toMatch(/^The file is larger than 50 MB: nothing from it was imported\./);
    expect(response.json()).not.toHaveProperty('stored');
    expect(await storedPhones(s.test)).toEqual([]);
  });

  it('keeps a clean prefix when the client goes away mid-upload, and stays healthy', async () => {
    const s = await start();
    const socket = connect(s.server.port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(
      'POST /api/contacts/import HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n' +
        `Cookie: ${s.admin.cookie}\r\nX-CSRF-Token: ${s.admin.csrfToken}\r\n\r\n`,
    );
    const chunk = Buffer.from(guestContactsCsv(2_500));
    socket.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
    // Two batches of 1,000 are written; the last 500 rows wait for a batch that never fills.
    await waitFor('two batches', async () => ((await storedPhones(s.test)).length >= 2_000 ? true : undefined));
    socket.destroy();

    const cutOff = await waitFor('the log of the cut-off import', () =>
      s.logLines().find((line) => line['msg'] === 'contacts import cut off'),
    );
    expect(cutOff).toMatchObject({ storedThroughLine: 2001, imported: 2000, total: 2000 });
    expect(await storedPhones(s.test)).toEqual(Array.from({ length: 2_000 }, (_, i) => normalizedPhone(i)));
    expect(await timedHealth(s)).toBeLessThan(500);
  }, 30_000);

  it('answers 400 for a quote never closed, with the rows before it stored and named', async () => {
    const s = await start();
    const response = await s.test.app.inject({
      method: 'POST',
      url: '/api/contacts/import',
      headers: { ...s.admin.headers, 'content-type': 'text/csv' },
      payload: `phone,name\n${guestContactRows(3)}nope,Bad\n${localPhone(3)},"Never closed\n${guestContactRows(2)}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(
        /^Line 6 opens a quoted field that is never closed.* Lines 2 to 5 were imported \(3 contacts; 1 row rejected, as listed\); nothing from line 6 on was\./,
      ),
      stored: {
        storedThroughLine: 5,
        imported: 3,
        rejected: [expect.objectContaining({ line: 5, input: 'nope' })],
        rejectedTotal: 1,
        total: 4,
      },
    });
    expect(await storedPhones(s.test)).toEqual([0, 1, 2].map(normalizedPhone));
  });

  it('answers 500 for a database that fails midway, still saying which lines were stored', async () => {
    const s = await start();
    await refuseContactInsert(s.test.store.db, normalizedPhone(1_500));
    const response = await s.test.app.inject({
      method: 'POST',
      url: '/api/contacts/import',
      headers: { ...s.admin.headers, 'content-type': 'text/csv' },
      payload: guestContactsCsv(2_500),
    });
    expect(response.statusCode).toBe(500);
    const body = response.json();
    // The database's own words stay in the log; what was stored is the client's to know.
    expect(body.message).not.toMatch(/disk full|SQLITE/);
    expect(body.message).toMatch(
      /^Something went wrong on the server\..* Lines 2 to 1,001 were imported \(1,000 contacts\); nothing from line 1,002 on was\./,
    );
    expect(body.stored).toMatchObject({ storedThroughLine: 1001, imported: 1000, total: 1000 });
    expect(await storedPhones(s.test)).toEqual(Array.from({ length: 1_000 }, (_, i) => normalizedPhone(i)));
  });
});

describe('POST /api/contacts/import, a header of many columns', () => {
  it('refuses a 10,000-column header at once, and /api/health stays responsive meanwhile', async () => {
    const s = await start();
    const rows = Array.from({ length: 50 }, (_, i) => `${localPhone(i)}${','.repeat(10_000)}`);
    const csv = `phone${',x'.repeat(10_000)}\n${rows.join('\n')}\n`;
    const started = performance.now();
    const importing = fetch(new URL('api/contacts/import', s.server.url), {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...s.admin.headers },
      body: csv,
    });
    const health = await timedHealth(s);
    const response = await importing;
    const elapsed = performance.now() - started;
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(
      /header row has 10,001 columns; a contacts file may have at most 500/,
    );
    expect(elapsed).toBeLessThan(1000);
    expect(health).toBeLessThan(500);
    expect(await storedPhones(s.test)).toEqual([]);
  });
});
