import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { isCafeError } from '../errors/index.js';
import type { ListeningServer } from './listen.js';
import { resolveServerLimits, type ServerLimitOptions } from './server-limits.js';
import { openRaw, rawExchange, sleep } from './test-support/raw-http.js';
import { useListeningApps } from './test-support/listening-app.js';
import type { SignedIn, TestApp, TestAppOptions } from './test-support/test-app.js';
import { guestContactsCsv } from '../../test/support/index.js';

/** Short limits, so the tests take seconds; each test says which one it is about. */
const SHORT: ServerLimitOptions = {
  headersTimeoutMs: 300,
  requestTimeoutMs: 400,
  uploadTimeoutMs: 3000,
  keepAliveTimeoutMs: 300,
  idleTimeoutMs: 1500,
  maxConnectionsPerAddress: 20,
};

const startApp = useListeningApps();

function capturingLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), text: () => lines.join('') };
}

async function start(
  limits: ServerLimitOptions = SHORT,
  options: TestAppOptions = {},
  beforeListen: (app: FastifyInstance) => void = () => undefined,
): Promise<{ test: TestApp; server: ListeningServer }> {
  const { test, server } = await startApp({ ...options, serverLimits: limits }, { closeDeadlineMs: 500, beforeListen });
  return { test, server };
}

function importHead(signedIn: SignedIn, contentLength: number): string {
  return (
    'POST /api/contacts/import HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\n' +
    `Content-Length: ${contentLength}\r\nCookie: ${signedIn.cookie}\r\nX-CSRF-Token: ${signedIn.csrfToken}\r\nConnection: close\r\n\r\n`
  );
}

describe('timeouts', () => {
  it('answers 408 to a connection that sends no request, or only part of its headers, within headersTimeoutMs', async () => {
    const { server } = await start();
    const silent = await rawExchange(server.port, '');
    const partial = await rawExchange(server.port, 'GET /api/health HTTP/1.1\r\nHost: localhost\r\n');
    for (const answer of [silent, partial]) {
      expect(answer.status).toBe(408);
      expect(answer.json).toMatchObject({ statusCode: 408, code: 'timeout' });
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      // Generous bounds: checked on a timer, so a little late, but never left open.
      expect(answer.closedAfterMs).toBeGreaterThanOrEqual(250);
      expect(answer.closedAfterMs).toBeLessThan(2500);
    }
  });

  it('answers 408 to a sign-in that sent 7 of its 100 bytes, while other clients are served', async () => {
    const capture = capturingLogger();
    const { server } = await start(SHORT, { logger: capture.logger });
    const stalled = await openRaw(server.port);
    stalled.write(
      'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"usern',
    );
    const health = await fetch(new URL('api/health', server.url));
    expect(health.status).toBe(200);
    const answer = await stalled.closed;
    expect(answer.status).toBe(408);
    expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
    expect(answer.closedAfterMs).toBeGreaterThanOrEqual(350);
    expect(answer.closedAfterMs).toBeLessThan(2500);
    // The client went away mid-body: not a failure of the server worth an error line.
    await sleep(50);
    expect(capture.text()).not.toContain('"level":50');
  });

  it('lets a CSV import keep sending well past requestTimeoutMs, as a large upload on a LAN does', async () => {
    const { test, server } = await start();
    const admin = await test.signIn();
    const csv = Buffer.from(guestContactsCsv(400));
    const connection = await openRaw(server.port);
    connection.write(importHead(admin, csv.length));
    // Four times the ordinary deadline, the bytes never pausing long enough to count as idle.
    const pieces = 8;
    const size = Math.ceil(csv.length / pieces);
    for (let i = 0; i < pieces; i++) {
      connection.write(csv.subarray(i * size, (i + 1) * size));
      await sleep(200);
    }
    const answer = await connection.closed;
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ imported: 400, rejectedTotal: 0 });
    expect(answer.closedAfterMs).toBeGreaterThan(SHORT.requestTimeoutMs ?? 0);
  });

  it('cuts an upload that trickles on past uploadTimeoutMs with 408', async () => {
    const { test, server } = await start({ ...SHORT, uploadTimeoutMs: 1200, idleTimeoutMs: 1000 });
    const admin = await test.signIn();
    const connection = await openRaw(server.port);
    connection.write(importHead(admin, 100_000));
    connection.write('phone,name\n');
    let open = true;
    void connection.closed.then(() => {
      open = false;
    });
    for (let i = 0; open && i < 40; i++) {
      connection.write('0');
      await sleep(100);
    }
    const answer = await connection.closed;
    expect(answer.status).toBe(408);
    expect(answer.headers['x-frame-options']).toBe('DENY');
    expect(answer.closedAfterMs).toBeLessThan(3500);
  });

  it('cuts an upload that stops sending for idleTimeoutMs with 408', async () => {
    const { test, server } = await start({ ...SHORT, idleTimeoutMs: 600 });
    const admin = await test.signIn();
    const answer = await rawExchange(server.port, `${importHead(admin, 100_000)}phone,name\n03001234567,Ali\n`);
    expect(answer.status).toBe(408);
    expect(answer.json).toMatchObject({ code: 'timeout' });
    expect(answer.closedAfterMs).toBeLessThan(2500);
  });

  it('leaves a connection open while the server works out its answer, even past idleTimeoutMs', async () => {
    // A route of the test's own, slower than the idle timeout: none of the app's is, on purpose.
    const { server } = await start({ ...SHORT, idleTimeoutMs: 300 }, {}, (app) => {
      app.get('/api/health/slow-for-test', { config: { access: 'public' } }, async () => {
        await sleep(900);
        return { ok: true };
      });
    });
    const answer = await rawExchange(server.port, 'GET /api/health/slow-for-test HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ ok: true });
  });

  it('closes a keep-alive connection left idle for keepAliveTimeoutMs', async () => {
    const { server } = await start();
    const connection = await openRaw(server.port);
    connection.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const answer = await connection.closed;
    expect(answer.status).toBe(200);
    expect(answer.closedAfterMs).toBeGreaterThanOrEqual(250);
    expect(answer.closedAfterMs).toBeLessThan(2500);
  });
});

describe('connections per address', () => {
  it('resets connections over maxConnectionsPerAddress at once, logs it once, and takes new ones when some close', async () => {
    const capture = capturingLogger();
    const { server } = await start(
      {
        ...SHORT,
        headersTimeoutMs: 5000,
        requestTimeoutMs: 5000,
        uploadTimeoutMs: 10_000,
        idleTimeoutMs: 5000,
        maxConnectionsPerAddress: 3,
      },
      { logger: capture.logger },
    );
    const held = await Promise.all([1, 2, 3].map(() => openRaw(server.port)));
    for (const connection of held) connection.write('GET /api/health HTTP/1.1\r\n');
    const refused = await Promise.all([1, 2].map(() => rawExchange(server.port, 'GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n')));
    for (const answer of refused) {
      expect(answer.text).toBe('');
      expect(answer.closedAfterMs).toBeLessThan(1000);
    }
    expect(capture.text().match(/too many open from one address/g)).toHaveLength(1);

    held[0]?.end();
    await held[0]?.closed;
    await sleep(50);
    const admitted = await rawExchange(server.port, 'GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(admitted.status).toBe(200);
    for (const connection of held) connection.end();
  });

  it('by default lets ten staff browsers of one cafe (about 6 connections each) all connect', async () => {
    const { server } = await start({});
    const browsers = await Promise.all(Array.from({ length: 60 }, () => openRaw(server.port)));
    for (const connection of browsers) connection.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    const answers = await Promise.all(browsers.map((connection) => connection.closed));
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 60 }, () => 200));
  });
});

describe('resolveServerLimits', () => {
  it('fills in the defaults', () => {
    expect(resolveServerLimits()).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      uploadTimeoutMs: 600_000,
      keepAliveTimeoutMs: 5_000,
      idleTimeoutMs: 60_000,
      maxConnectionsPerAddress: 128,
    });
  });

  it('refuses a limit that is not a whole number above 0, and an upload timeout shorter than the others', () => {
    const refusal = (options: ServerLimitOptions) => {
      try {
        resolveServerLimits(options);
      } catch (error) {
        return isCafeError(error) ? `${error.code}: ${error.message}` : String(error);
      }
      return 'accepted';
    };
    expect(refusal({ requestTimeoutMs: 0 })).toBe('config: serverLimits.requestTimeoutMs must be a whole number above 0, got 0');
    expect(refusal({ maxConnectionsPerAddress: 2.5 })).toMatch(/maxConnectionsPerAddress must be a whole number/);
    expect(refusal({ uploadTimeoutMs: 1000 })).toBe(
      'config: serverLimits.uploadTimeoutMs (1000 ms) must not be shorter than serverLimits.requestTimeoutMs (30000 ms)',
    );
    expect(refusal({ uploadTimeoutMs: 5000, requestTimeoutMs: 1000 })).toMatch(
      /uploadTimeoutMs \(5000 ms\) must not be shorter than serverLimits\.headersTimeoutMs/,
    );
  });
});
