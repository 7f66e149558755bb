import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { revokeApiKey } from '../access/index.js';
import { ADMIN, createTestApp, errorOf, STAFF, type TestApp } from './test-support/test-app.js';

let test: TestApp;

beforeEach(async () => {
  test = await createTestApp({ signInLimit: { maxFailures: 3, windowMs: 60_000 }, sessionTtlMs: 60 * 60_000 });
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
    const unknown = await test.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'whatever1' } });
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
    expect(errorOf(response)).toMatchObject({ code: 'invalid_input', field: 'password', message: 'password: is required' });
    const extra = await test.app.inject({ method: 'POST', url: '/api/auth/login', payload: { ...ADMIN, remember: true } });
    expect(errorOf(extra)).toMatchObject({ statusCode: 400, field: 'remember' });
    const notJson = await test.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(errorOf(notJson)).toMatchObject({ statusCode: 400, code: 'invalid_input', message: 'body: is not valid JSON' });
  });

  it('limits failed sign-ins per username and address with 429 and Retry-After, even for the right password', async () => {
    for (let i = 0; i < 3; i++) {
      const response = await test.app.inject({ method: 'POST', url: '/api/auth/login', payload: { ...ADMIN, password: `wrong-${i}-x` } });
      expect(response.statusCode).toBe(401);
    }
    const limited = await test.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    expect(limited.statusCode).toBe(429);
    expect(errorOf(limited)).toMatchObject({ code: 'rate_limited' });
    expect(errorOf(limited).message).toMatch(/Too many failed sign-ins: wait 1 minute/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    // Another user from the same address, and the same user from another address, are not held back.
    const other = await test.app.inject({ method: 'POST', url: '/api/auth/login', payload: STAFF });
    expect(other.statusCode).toBe(200);
    const elsewhere = await test.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN, remoteAddress: '10.0.0.9' });
    expect(elsewhere.statusCode).toBe(200);

    test.clock.advance(61_000);
    const later = await test.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    expect(later.statusCode).toBe(200);
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
      const response = await test.app.inject({ method: method as 'GET', url, payload: method === 'GET' ? undefined : { phone: '03001234567', message: 'x' } });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
      expect(errorOf(response).code).toBe('unauthorized');
    }
    expect(await test.store.db.selectFrom('outbox_messages').select('id').execute()).toEqual([]);
  });

  it('checks CSRF and the admin role on encoded /api paths too, and never lets them be cached', async () => {
    const staff = await test.signIn(STAFF);
    const asStaff = await test.app.inject({ method: 'PUT', url: '/%61pi/settings', headers: staff.headers, payload: { senderId: 'Hacked' } });
    expect(asStaff.statusCode).toBe(403);
    const noCsrf = await test.app.inject({ method: 'POST', url: '/%61pi/contacts', headers: { cookie: staff.cookie }, payload: { phone: '03001234567' } });
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
