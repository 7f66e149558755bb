import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from './listen.js';
import { ADMIN, createTestApp, errorOf, type TestApp } from './test-support/test-app.js';

let test: TestApp | undefined;

afterEach(async () => {
  await test?.close();
  test = undefined;
});

/** A pino logger whose lines land in an array, to check what is (never) logged. */
function capturingLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: pino({ level: 'trace' }, sink), text: () => lines.join('') };
}

describe('openapi.json', () => {
  it('describes every route of the contract, from the same schemas the routes validate with', async () => {
    test = await createTestApp();
    const response = await test.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = JSON.parse(response.body);
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([p, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`),
    );
    for (const expected of [
      'GET /api/health',
      'POST /api/auth/login',
      'POST /api/auth/logout',
      'GET /api/auth/me',
      'GET /api/overview',
      'GET /api/contacts',
      'POST /api/contacts',
      'GET /api/contacts/{id}',
      'PATCH /api/contacts/{id}',
      'DELETE /api/contacts/{id}',
      'POST /api/contacts/{id}/opt-out',
      'POST /api/contacts/{id}/opt-in',
      'POST /api/contacts/import',
      'GET /api/contacts/export',
      'GET /api/tags',
      'GET /api/campaigns',
      'POST /api/campaigns',
      'POST /api/campaigns/preview',
      'GET /api/campaigns/{id}',
      'GET /api/campaigns/{id}/preview',
      'POST /api/campaigns/{id}/schedule',
      'POST /api/campaigns/{id}/start',
      'POST /api/campaigns/{id}/pause',
      'POST /api/campaigns/{id}/resume',
      'POST /api/campaigns/{id}/cancel',
      'POST /api/messages',
      'GET /api/messages',
      'GET /api/messages/{id}',
      'GET /api/inbound',
      'GET /api/settings',
      'PUT /api/settings',
      'POST /api/sandbox/inbound',
      'GET /api/openapi.json',
    ]) {
      expect(operations).toContain(expected);
    }
    const send = document.paths['/api/messages'].post;
    expect(send.requestBody.content['application/json'].schema.properties.phone).toMatchObject({ type: 'string' });
    expect(send.requestBody.content['application/json'].schema.required).toEqual(['phone', 'message']);
    expect(send.parameters).toContainEqual(expect.objectContaining({ name: 'idempotency-key', in: 'header', required: false }));
    expect(Object.keys(send.responses)).toEqual(expect.arrayContaining(['202', '200', '400', '409']));
    expect(document.paths['/api/contacts/{id}'].get.parameters).toContainEqual(
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
    );
    expect(document.paths['/api/contacts/import'].post.requestBody.content).toHaveProperty('text/csv');
    expect(document.paths['/api/health'].get.security).toEqual([]);
    expect(document.paths['/api/contacts'].get.security).toEqual([{ sessionCookie: [] }, { apiKey: [] }]);
    const ids = Object.values(document.paths as Record<string, Record<string, { operationId: string }>>).flatMap((m) =>
      Object.values(m).map((o) => o.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('security', () => {
  it('sends security headers on API answers and pages, and never lets API answers be cached', async () => {
    test = await createTestApp();
    for (const url of ['/api/health', '/']) {
      const response = await test.app.inject({ method: 'GET', url });
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-frame-options']).toBe('DENY');
    }
    expect((await test.app.inject({ method: 'GET', url: '/api/health' })).headers['cache-control']).toBe('no-store');
  });

  it('reads an empty JSON body as no body, and refuses prototype poisoning', async () => {
    test = await createTestApp();
    const { headers } = await test.signIn();
    const empty = await test.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: { ...headers, 'content-type': 'application/json' },
    });
    expect(errorOf(empty)).toMatchObject({ statusCode: 400, field: 'body', message: 'Is required' });
    const poisoned = await test.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"phone":"03001234567","__proto__":{"admin":true}}',
    });
    expect(errorOf(poisoned)).toMatchObject({ statusCode: 400, code: 'invalid_input' });
  });

  it('refuses a JSON body over the limit with 413', async () => {
    test = await createTestApp({ bodyLimit: 1024 });
    const { headers } = await test.signIn();
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/messages',
      headers,
      payload: { phone: '03001234567', message: 'x'.repeat(2000) },
    });
    expect(response.statusCode).toBe(413);
    expect(errorOf(response)).toMatchObject({ statusCode: 413, code: 'invalid_input' });
  });

  it('answers a failure inside the server with 500 and no internals, and logs it without credentials', async () => {
    const capture = capturingLogger();
    test = await createTestApp({ logger: capture.logger });
    const signedIn = await test.signIn();
    const apiKey = await test.apiKey();
    await test.store.db.schema.dropTable('inbound_messages').execute();
    const response = await test.app.inject({
      method: 'GET',
      url: '/api/inbound',
      headers: { ...signedIn.headers, authorization: `Bearer ${apiKey}` },
    });
    expect(response.statusCode).toBe(500);
    expect(errorOf(response)).toMatchObject({ statusCode: 500, code: 'internal' });
    expect(response.body).not.toMatch(/inbound_messages|sqlite|no such table/i);
    const log = capture.text();
    expect(log).toMatch(/no such table: inbound_messages|relation \W+inbound_messages\W+ does not exist/);
    for (const secret of [signedIn.cookie.split('=')[1] ?? '', signedIn.csrfToken, apiKey, ADMIN.password]) {
      expect(log).not.toContain(secret);
    }
  });
});

describe('dashboard files', () => {
  it('serves web/dist with an SPA fallback for non-/api paths, and JSON 404s under /api', async () => {
    const probe = await createTestApp();
    const webRoot = path.join(probe.dir, 'web-dist');
    await probe.close();
    await mkdir(path.join(webRoot, 'assets'), { recursive: true });
    await writeFile(
      path.join(webRoot, 'index.html'),
      '<!doctype html><title>dashboard</title><script type="module" src="/assets/app-1a2b.js"></script>',
    );
    await writeFile(path.join(webRoot, 'assets', 'app-1a2b.js'), 'console.log("hi")');
    test = await createTestApp({ webRoot });

    const index = await test.app.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.body).toContain('<title>dashboard</title>');
    const deep = await test.app.inject({ method: 'GET', url: '/campaigns/12?tab=stats' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('<title>dashboard</title>');
    const asset = await test.app.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');

    const { headers } = await test.signIn();
    const missing = await test.app.inject({ method: 'GET', url: '/api/no-such-thing', headers });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
    expect(errorOf(missing).code).toBe('not_found');
  });

  it('without a build, / says to run npm run build', async () => {
    test = await createTestApp({ webRoot: '/nonexistent/web/dist' });
    const response = await test.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('npm run build');
  });
});

describe('over a real socket', () => {
  it('signs in with a cookie and sends a message through the outbox', async () => {
    test = await createTestApp();
    const server = await listen(test.app, { host: '127.0.0.1', port: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const login = await fetch(new URL('api/auth/login', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      });
      expect(login.status).toBe(200);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const sent = await fetch(new URL('api/messages', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken, 'idempotency-key': 'socket-1' },
        body: JSON.stringify({ phone: '0300 1234567', message: 'Hello over TCP' }),
      });
      expect(sent.status).toBe(202);
      expect(((await sent.json()) as { message: { state: string } }).message.state).toBe('queued');
    } finally {
      await server.close();
    }
  });

  it('answers 413 to an endless chunked upload and closes its connection, so the server can still stop', async () => {
    test = await createTestApp();
    const admin = await test.signIn();
    const server = await listen(test.app, { host: '127.0.0.1', port: 0 });
    const socket = connect(server.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
    });
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined); // the server cuts it off mid-upload: expected
    socket.write(
      'POST /api/contacts/import HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n' +
        `Cookie: ${admin.cookie}\r\nX-CSRF-Token: ${admin.csrfToken}\r\n\r\n`,
    );
    const chunk = Buffer.alloc(1024 * 1024, 0x0a); // blank lines, 1 MB a chunk, sent until the server stops us
    const header = Buffer.from(`${chunk.length.toString(16)}\r\n`);
    let sending = true;
    void closed.then(() => {
      sending = false;
    });
    for (let sent = 0; sending && sent < 200; sent += 1) {
      if (!socket.write(Buffer.concat([header, chunk, Buffer.from('\r\n')]))) {
        await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), closed]);
      }
    }
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    const stopping = performance.now();
    await server.close();
    expect(performance.now() - stopping).toBeLessThan(2000);
  });

  it('stops within its deadline while a client holds a request open', async () => {
    test = await createTestApp();
    const server = await listen(test.app, { host: '127.0.0.1', port: 0, closeDeadlineMs: 200 });
    const socket = connect(server.port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    // A body announced and never sent: the request stays in flight.
    socket.write(
      'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"user',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopping = performance.now();
    await server.close();
    expect(performance.now() - stopping).toBeLessThan(2000);
    socket.destroy();
  });
});
