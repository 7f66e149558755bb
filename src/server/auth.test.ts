import { request as httpRequest } from 'node:http';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { revokeApiKey } from '../access/index.js';
import type { SignInLimitOptions } from './auth/sign-in-limit.js';
import { listen, type ListeningServer } from './listen.js';
import { waitInWords } from './routes/auth.js';
import { ADMIN, createTestApp, errorOf, STAFF, type TestApp } from './test-support/test-app.js';

let test: TestApp;

beforeEach(async () => {
  test = await createTestApp({ signInLimit: { freeFailuresPerUsername: 3, freeFailuresPerAddress: 6 }, sessionTtlMs: 60 * 60_000 });
});

afterEach(async () => {
  await test.close();
});

describe('sign-in', () => {
  it('sets an httpOnly, SameSite=Strict session cookie and answers the user with a CSRF token', async () => {
    const response = await test.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toMatchObject({ username: 'admin', role: 'admin' });
    expect(body.user).not.toHaveProperty('password_hash');
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^cafe_session=[\w-]+;/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');
  });

  it('never stores the session token: the database holds only its SHA-256', async () => {
    const { cookie } = await test.signIn();
    const token = cookie.split('=')[1] ?? '';
    const rows = await test.store.db.selectFrom('sessions').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('refuses a wrong password with 401 and the same message as an unknown user', async () => {
    const wrong = await test.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'nope-nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(errorOf(wrong)).toEqual({ statusCode: 401, code: 'unauthorized', message: 'Wrong username or password' });
    const unknown = await test.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'whatever1' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(errorOf(unknown).message).toBe('Wrong username or password');
  });

  it('reads usernames without regard to case', async () => {
    const response = await test.app.inject({ method: 'POST', url: '/api/auth/login', payload: { ...ADMIN, username: 'ADMIN' } });
    expect(response.statusCode).toBe(200);
  });

  it('names the missing field of a bad sign-in request', async () => {
    const response = await test.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin' } });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toMatchObject({ code: 'invalid_input', field: 'password', message: 'Is required' });
    const extra = await test.app.inject({ method: 'POST', url: '/api/auth/login', payload: { ...ADMIN, remember: true } });
    expect(errorOf(extra)).toMatchObject({ statusCode: 400, field: 'remember' });
    const notJson = await test.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(errorOf(notJson)).toMatchObject({ statusCode: 400, code: 'invalid_input', message: 'The request body is not valid JSON' });
  });

  it('holds a username back after its free failures with 429, Retry-After and a growing wait, never for long', async () => {
    const login = (password: string, remoteAddress = '10.0.0.1') =>
      test.app.inject({ method: 'POST', url: '/api/auth/login', payload: { ...ADMIN, password }, remoteAddress });
    for (let i = 0; i < 4; i++) expect((await login(`wrong-${i}-x`)).statusCode).toBe(401);
    const limited = await login(ADMIN.password, '10.0.0.2');
    expect(limited.statusCode).toBe(429);
    expect(errorOf(limited)).toEqual({
      statusCode: 429,
      code: 'rate_limited',
      message: 'Too many failed sign-ins for this username: wait 1 second and try again',
    });
    expect(limited.headers['retry-after']).toBe('1');
    // Another user is not held back.
    expect((await test.app.inject({ method: 'POST', url: '/api/auth/login', payload: STAFF, remoteAddress: '10.0.0.2' })).statusCode).toBe(
      200,
    );

    test.clock.advance(1000);
    expect((await login('wrong-again')).statusCode).toBe(401);
    const longer = await login(ADMIN.password);
    expect(longer.headers['retry-after']).toBe('2');
    test.clock.advance(2000);
    expect((await login(ADMIN.password)).statusCode).toBe(200);
  });
});

describe('sign-in limits over a real socket', () => {
  /** Each client its own loopback address (127.0.0.x), as separate machines would be. */
  function signInFrom(server: ListeningServer, localAddress: string, credentials: { username: string; password: string }) {
    const body = JSON.stringify(credentials);
    return new Promise<{ status: number; retryAfter: string | undefined; body: { message?: string } }>((resolve, reject) => {
      const sent = httpRequest(
        {
          host: '127.0.0.1',
          port: server.port,
          localAddress,
          method: 'POST',
          path: '/api/auth/login',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
          });
          response.on('end', () => {
            const retryAfter = response.headers['retry-after'];
            resolve({ status: response.statusCode ?? 0, retryAfter, body: JSON.parse(text) as { message?: string } });
          });
        },
      );
      sent.on('error', reject);
      sent.end(body);
    });
  }

  let limited: TestApp | undefined;
  let server: ListeningServer | undefined;

  async function serve(signInLimit: SignInLimitOptions): Promise<ListeningServer> {
    limited = await createTestApp({ signInLimit });
    server = await listen(limited.app, { host: '127.0.0.1', port: 0 });
    return server;
  }

  afterEach(async () => {
    await server?.close();
    await limited?.close();
    server = undefined;
    limited = undefined;
  });

  it('refuses a flood of made-up usernames from one address before checking their passwords, while others sign in', async () => {
    const server = await serve({ freeFailuresPerAddress: 5 });
    const flood = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signInFrom(server, '127.0.0.2', { username: `guess-${i}`, password: 'wrong-password' })),
    );
    const statuses = flood.map((answer) => answer.status);
    // Only the free failures reach a password check, and at most one more should one of them end
    // before the flood is through; the rest were refused while those ran.
    const checked = statuses.filter((status) => status === 401).length;
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(checked).toBeLessThanOrEqual(6);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40 - checked);
    const refused = flood.find((answer) => answer.status === 429 && /network/.test(answer.body.message ?? ''));
    expect(refused?.body.message).toMatch(/^Too many failed sign-ins from this network: wait \d+ seconds? and try again$/);
    expect(Number(refused?.retryAfter)).toBeGreaterThanOrEqual(1);
    // One more failure past the free ones, and the next try must wait (the test's clock stands
    // still): refused before the check, so even the right password is not looked at.
    if (checked === 5)
      expect((await signInFrom(server, '127.0.0.2', { username: 'guess-x', password: 'wrong-password' })).status).toBe(401);
    expect((await signInFrom(server, '127.0.0.2', ADMIN)).status).toBe(429);
    expect((await signInFrom(server, '127.0.0.3', ADMIN)).status).toBe(200);
  });

  it('cannot lock a username out of an address it signed in from by failing elsewhere', async () => {
    const server = await serve({ freeFailuresPerUsername: 2, freeFailuresPerAddress: 100 });
    expect((await signInFrom(server, '127.0.0.10', ADMIN)).status).toBe(200);
    for (const address of ['127.0.0.20', '127.0.0.21', '127.0.0.22']) {
      const answer = await signInFrom(server, address, { ...ADMIN, password: 'wrong-password' });
      expect([401, 429]).toContain(answer.status);
    }
    const stranger = await signInFrom(server, '127.0.0.23', ADMIN);
    expect(stranger.status).toBe(429);
    expect(stranger.body.message).toMatch(/^Too many failed sign-ins for this username/);
    expect((await signInFrom(server, '127.0.0.10', ADMIN)).status).toBe(200);
  });

  it('runs only maxConcurrentChecks password checks at once, refusing the rest with 429 and Retry-After', async () => {
    const server = await serve({ maxConcurrentChecks: 1 });
    const burst = await Promise.all(
      Array.from({ length: 6 }, (_, i) => signInFrom(server, `127.0.1.${i + 1}`, { username: `user-${i}`, password: 'wrong-password' })),
    );
    const busy = burst.filter((answer) => answer.status === 429);
    expect(burst.some((answer) => answer.status === 401)).toBe(true);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]?.body.message).toBe('The server is busy checking other sign-ins: wait 1 second and try again');
    expect(busy[0]?.retryAfter).toBe('1');
  });

  it('frees the place of a password check that failed inside the server', async () => {
    const server = await serve({ maxConcurrentChecks: 1 });
    const db = limited!.store.db;
    await sql`ALTER TABLE users RENAME TO users_away`.execute(db);
    expect((await signInFrom(server, '127.0.0.2', ADMIN)).status).toBe(500);
    await sql`ALTER TABLE users_away RENAME TO users`.execute(db);
    expect((await signInFrom(server, '127.0.0.2', ADMIN)).status).toBe(200);
  });
});

describe('waitInWords', () => {
  it('says seconds under a minute and whole minutes beyond', () => {
    expect([1, 1000, 1001, 30_000, 59_000, 59_001, 60_000, 61_000, 300_000].map(waitInWords)).toEqual([
      '1 second',
      '1 second',
      '2 seconds',
      '30 seconds',
      '59 seconds',
      '1 minute',
      '1 minute',
      '2 minutes',
      '5 minutes',
    ]);
  });
});

describe('sessions', () => {
  it('answers 401 to /api without a session, except the public routes', async () => {
    for (const url of ['/api/contacts', '/api/overview', '/api/auth/me', '/api/settings', '/api/does-not-exist']) {
      const response = await test.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(401);
      expect(errorOf(response).code).toBe('unauthorized');
    }
    for (const url of ['/api/health', '/api/openapi.json']) {
      expect((await test.app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
  });

  it('answers 401 however the /api path is written: the router decodes it, so the check does too', async () => {
    // `%61` is "a": these reach the same handlers as /api/contacts and /api/settings.
    const attempts: [string, string][] = [
      ['GET', '/%61pi/contacts'],
      ['GET', '/ap%69/contacts/export'],
      ['POST', '/%61pi/messages'],
      ['PUT', '/%61%70%69/settings'],
      ['GET', '/API/contacts'],
      ['GET', '/%61pi/does-not-exist'],
    ];
    for (const [method, url] of attempts) {
      const response = await test.app.inject({
        method: method as 'GET',
        url,
        payload: method === 'GET' ? undefined : { phone: '03001234567', message: 'x' },
      });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
      expect(errorOf(response).code).toBe('unauthorized');
    }
    expect(await test.store.db.selectFrom('outbox_messages').select('id').execute()).toEqual([]);
  });

  it('checks CSRF and the admin role on encoded /api paths too, and never lets them be cached', async () => {
    const staff = await test.signIn(STAFF);
    const asStaff = await test.app.inject({
      method: 'PUT',
      url: '/%61pi/settings',
      headers: staff.headers,
      payload: { senderId: 'Hacked' },
    });
    expect(asStaff.statusCode).toBe(403);
    const noCsrf = await test.app.inject({
      method: 'POST',
      url: '/%61pi/contacts',
      headers: { cookie: staff.cookie },
      payload: { phone: '03001234567' },
    });
    expect(noCsrf.statusCode).toBe(403);
    const read = await test.app.inject({ method: 'GET', url: '/%61pi/contacts', headers: staff.headers });
    expect(read.statusCode).toBe(200);
    expect(read.headers['cache-control']).toBe('no-store');
  });

  it('answers 401 to a made-up session cookie', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: 'cafe_session=forged-token' } });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).message).toMatch(/sign in again/);
  });

  it('answers 401 once the session has expired', async () => {
    const { headers } = await test.signIn();
    expect((await test.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(200);
    test.clock.advance(60 * 60_000 + 1);
    expect((await test.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);
  });

  it('gives /api/auth/me the user and the CSRF token of the session', async () => {
    const { headers, csrfToken } = await test.signIn();
    const response = await test.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: headers.cookie ?? '' } });
    expect(response.json()).toMatchObject({ user: { username: 'admin', role: 'admin' }, csrfToken });
  });

  it('signs out: 204, cookie cleared, and the old cookie no longer works', async () => {
    const { headers } = await test.signIn();
    const response = await test.app.inject({ method: 'POST', url: '/api/auth/logout', headers });
    expect(response.statusCode).toBe(204);
    expect(String(response.headers['set-cookie'])).toMatch(/cafe_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await test.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);
  });

  it('a stale cookie does not stop anyone from signing in again', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: 'cafe_session=old-and-gone' },
      payload: ADMIN,
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('CSRF', () => {
  const write = (headers: Record<string, string>) =>
    test.app.inject({ method: 'POST', url: '/api/contacts', headers, payload: { phone: '0300 1234567' } });

  it('refuses a cookie-authenticated write without the X-CSRF-Token header with 403', async () => {
    const { cookie } = await test.signIn();
    const response = await write({ cookie });
    expect(response.statusCode).toBe(403);
    expect(errorOf(response)).toMatchObject({ code: 'forbidden', field: 'X-CSRF-Token' });
    expect(errorOf(response).message).toMatch(/^Missing or wrong CSRF token/);
  });

  it('refuses a wrong token with 403, and another session’s token too', async () => {
    const mine = await test.signIn();
    const theirs = await test.signIn(STAFF);
    expect((await write({ cookie: mine.cookie, 'x-csrf-token': 'x'.repeat(43) })).statusCode).toBe(403);
    expect((await write({ cookie: mine.cookie, 'x-csrf-token': theirs.csrfToken })).statusCode).toBe(403);
    expect(await test.store.db.selectFrom('contacts').selectAll().execute()).toHaveLength(0);
  });

  it('lets the write through with the right token', async () => {
    const { headers } = await test.signIn();
    expect((await write(headers)).statusCode).toBe(201);
  });

  it('does not ask reads for a token', async () => {
    const { cookie } = await test.signIn();
    expect((await test.app.inject({ method: 'GET', url: '/api/contacts', headers: { cookie } })).statusCode).toBe(200);
  });
});

describe('API keys', () => {
  it('GET /api/auth/me names the key, as the OpenAPI document says', async () => {
    const key = await test.apiKey('till');
    const me = await test.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${key}` } });
    expect(me.json()).toEqual({ user: null, csrfToken: null, apiKey: { id: expect.any(Number), name: 'till' } });
    const openapi = (await test.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const schema = openapi.paths['/api/auth/me'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties)).toEqual(['user', 'csrfToken', 'apiKey']);
  });

  it('lets a machine in with Authorization: Bearer, without any CSRF token', async () => {
    const key = await test.apiKey('till');
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: { authorization: `Bearer ${key}` },
      payload: { phone: '0300 1234567' },
    });
    expect(response.statusCode).toBe(201);
    const me = await test.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${key}` } });
    expect(me.json()).toMatchObject({ user: null, csrfToken: null, apiKey: { name: 'till' } });
  });

  it('refuses a made-up key, a malformed header and a revoked key with 401', async () => {
    const key = await test.apiKey('till');
    const get = (authorization: string) => test.app.inject({ method: 'GET', url: '/api/contacts', headers: { authorization } });
    expect((await get('Bearer csk_not-a-real-key')).statusCode).toBe(401);
    expect((await get('Bearer something-else')).statusCode).toBe(401);
    const basic = await get('Basic YWRtaW46cGFzcw==');
    expect(basic.statusCode).toBe(401);
    expect(errorOf(basic).message).toMatch(/Bearer <api key>/);
    expect((await get(`Bearer ${key}`)).statusCode).toBe(200);
    await revokeApiKey(test.store.db, 'till', test.clock);
    const revoked = await get(`Bearer ${key}`);
    expect(revoked.statusCode).toBe(401);
    expect(errorOf(revoked).message).toMatch(/revoked/);
  });

  it('stores only a hash of the key and records when it was last used', async () => {
    const key = await test.apiKey('till');
    await test.app.inject({ method: 'GET', url: '/api/contacts', headers: { authorization: `Bearer ${key}` } });
    const rows = await test.store.db.selectFrom('api_keys').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(rows[0]?.last_used_at).toBe(test.clock.now().toISOString());
  });
});

describe('roles', () => {
  it('lets only an admin change settings: staff get 403', async () => {
    const staff = await test.signIn(STAFF);
    const response = await test.app.inject({ method: 'PUT', url: '/api/settings', headers: staff.headers, payload: { sendRate: 5 } });
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('forbidden');
    expect((await test.app.inject({ method: 'GET', url: '/api/settings', headers: staff.headers })).statusCode).toBe(200);
  });
});
