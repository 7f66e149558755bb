import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { authenticate, createApiKey } from '../access/index.js';
import { ADMIN, addUser, createTestApp, errorOf, STAFF, type SignedIn, type TestApp } from './test-support/test-app.js';

// Staff management for admins over the real app: users, passwords shown once, API keys.

let test: TestApp;
let admin: SignedIn;
let logged: () => string;

async function start(): Promise<void> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  logged = () => lines.join('');
  test = await createTestApp({ logger: pino({ level: 'trace' }, sink) });
  admin = await test.signIn();
}

afterEach(async () => {
  await test.close();
});

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string> = admin.headers, payload?: object) =>
  test.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });

async function userId(username: string): Promise<number> {
  const users = (await call('GET', '/api/users')).json().items as Array<{ id: number; username: string }>;
  const found = users.find((user) => user.username === username);
  if (found === undefined) throw new Error(`no user ${username}`);
  return found.id;
}

describe('adding staff', () => {
  it('creates a staff user with a generated password answered once, which signs in and is never logged', async () => {
    await start();
    const answer = await call('POST', '/api/users', admin.headers, { username: 'bilal' });
    expect(answer.statusCode, answer.body).toBe(201);
    const { user, password } = answer.json();
    expect(user).toMatchObject({ username: 'bilal', role: 'staff' });
    expect(password).toMatch(/^[\w-]{24}$/);
    expect(await authenticate(test.store.db, 'bilal', password)).toMatchObject({ role: 'staff' });

    const listed = await call('GET', '/api/users');
    expect(listed.json().items.map((u: { username: string; role: string }) => [u.username, u.role])).toEqual([
      ['admin', 'admin'],
      ['staff', 'staff'],
      ['bilal', 'staff'],
    ]);
    expect(listed.body).not.toContain(password);
    expect(listed.body).not.toContain('scrypt');
    expect(logged()).not.toContain(password);
  });

  it('adds an admin when asked, and refuses a taken name (409) or a bad one (400), naming the field', async () => {
    await start();
    expect((await call('POST', '/api/users', admin.headers, { username: 'sana', role: 'admin' })).json().user).toMatchObject({
      role: 'admin',
    });
    expect(errorOf(await call('POST', '/api/users', admin.headers, { username: 'SANA' }))).toMatchObject({
      statusCode: 409,
      field: 'username',
    });
    expect(errorOf(await call('POST', '/api/users', admin.headers, { username: 'two words' }))).toMatchObject({
      statusCode: 400,
      field: 'username',
    });
    expect(errorOf(await call('POST', '/api/users', admin.headers, {}))).toMatchObject({ statusCode: 400, field: 'username' });
    expect(errorOf(await call('POST', '/api/users', admin.headers, { username: 'zara', role: 'owner' }))).toMatchObject({
      statusCode: 400,
      field: 'role',
    });
    expect(errorOf(await call('POST', '/api/users', admin.headers, { username: 'zara', password: 'chosen-one' }))).toMatchObject({
      statusCode: 400,
      field: 'password',
    });
  });
});

describe('resetting a password', () => {
  it('answers a new password once, signs the user out everywhere, and the old one stops working', async () => {
    await start();
    const staffSession = await test.signIn(STAFF);
    const answer = await call('POST', `/api/users/${await userId('staff')}/reset-password`);
    expect(answer.statusCode, answer.body).toBe(200);
    const { password, sessionsEnded, user } = answer.json();
    expect(user).toMatchObject({ username: 'staff' });
    expect(sessionsEnded).toBe(1);
    expect(await authenticate(test.store.db, STAFF.username, STAFF.password)).toBeUndefined();
    expect(await authenticate(test.store.db, STAFF.username, password)).toBeDefined();
    expect((await call('GET', '/api/contacts', staffSession.headers)).statusCode).toBe(401);
    expect(logged()).not.toContain(password);
  });

  it('answers 404 for a user that does not exist', async () => {
    await start();
    expect(errorOf(await call('POST', '/api/users/999/reset-password'))).toMatchObject({ statusCode: 404, code: 'not_found' });
  });
});

describe('removing a user', () => {
  it('removes staff and ends their sessions', async () => {
    await start();
    const staffSession = await test.signIn(STAFF);
    const answer = await call('DELETE', `/api/users/${await userId('staff')}`);
    expect(answer.statusCode, answer.body).toBe(204);
    expect((await call('GET', '/api/contacts', staffSession.headers)).statusCode).toBe(401);
    expect((await call('GET', '/api/users')).json().items.map((u: { username: string }) => u.username)).toEqual(['admin']);
    expect(errorOf(await call('DELETE', '/api/users/999'))).toMatchObject({ statusCode: 404, code: 'not_found' });
  });

  it('refuses to remove yourself, or the last admin', async () => {
    await start();
    const self = await call('DELETE', `/api/users/${await userId(ADMIN.username)}`);
    expect(errorOf(self)).toMatchObject({ statusCode: 409, code: 'conflict', message: expect.stringMatching(/cannot remove yourself/) });

    // An API key acts as an admin but is nobody: it still may not remove the last admin.
    const bearer = { authorization: `Bearer ${await test.apiKey()}` };
    const last = await call('DELETE', `/api/users/${await userId(ADMIN.username)}`, bearer);
    expect(errorOf(last)).toMatchObject({ statusCode: 409, code: 'conflict', message: expect.stringMatching(/last admin/) });

    // With a second admin, one may remove the other.
    await addUser(test, 'sana', 'sana-password-1', 'admin');
    expect((await call('DELETE', `/api/users/${await userId('sana')}`)).statusCode).toBe(204);
  });
});

describe('API keys', () => {
  it('lists keys without their secret, and revokes one at once', async () => {
    await start();
    const { key, apiKey } = await createApiKey(test.store.db, 'till', test.clock);
    const listed = await call('GET', '/api/api-keys');
    expect(listed.json().items).toEqual([expect.objectContaining({ id: apiKey.id, name: 'till', revokedAt: null })]);
    expect(listed.body).not.toContain(key);

    const revoked = await call('POST', `/api/api-keys/${apiKey.id}/revoke`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ name: 'till', revokedAt: test.clock.now().toISOString() });
    expect((await call('GET', '/api/contacts', { authorization: `Bearer ${key}` })).statusCode).toBe(401);
    expect(errorOf(await call('POST', '/api/api-keys/999/revoke'))).toMatchObject({ statusCode: 404, code: 'not_found' });
  });
});

describe('who may manage staff', () => {
  it('answers 403 to staff on every route, and 401 to nobody', async () => {
    await start();
    const staff = await test.signIn(STAFF);
    const id = await userId(ADMIN.username);
    const attempts: Array<['GET' | 'POST' | 'DELETE', string, object?]> = [
      ['GET', '/api/users'],
      ['POST', '/api/users', { username: 'sneaky', role: 'admin' }],
      ['POST', `/api/users/${id}/reset-password`],
      ['DELETE', `/api/users/${id}`],
      ['GET', '/api/api-keys'],
      ['POST', '/api/api-keys/1/revoke'],
    ];
    for (const [method, url, payload] of attempts) {
      expect(errorOf(await call(method, url, staff.headers, payload)), `${method} ${url}`).toMatchObject({
        statusCode: 403,
        code: 'forbidden',
      });
      expect((await call(method, url, {}, payload)).statusCode, `${method} ${url}`).toBe(401);
    }
    expect((await call('GET', '/api/users')).json().items).toHaveLength(2);
  });
});
