import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { openStore, type Store } from '../store/index.js';
import {
  authenticate,
  changePassword,
  createApiKey,
  createUser,
  endSession,
  ensureAdmin,
  findApiKey,
  findSession,
  generatePassword,
  hashPassword,
  listApiKeys,
  listUsers,
  revokeApiKey,
  startSession,
  verifyPassword,
} from './index.js';

let dir: string;
let store: Store;
let current = Date.parse('2026-11-26T05:00:00.000Z');
const clock = { now: () => new Date(current) };

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cafe-access-'));
  store = await openStore(path.join(dir, 'access.db'));
  current = Date.parse('2026-11-26T05:00:00.000Z');
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function expectCafeError(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CafeError);
  expect((error as CafeError).code).toBe(code);
  expect((error as CafeError).message).toMatch(message);
}

describe('passwords', () => {
  it('hashes with scrypt and a salt, and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await hashPassword('correct horse')).not.toBe(hash);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horsE', hash)).toBe(false);
    expect(await verifyPassword('correct horse', 'not-a-hash')).toBe(false);
    expect(await verifyPassword('correct horse', 'scrypt$x$8$1$abc$def')).toBe(false);
  });

  it('generates strong, URL-safe passwords', () => {
    const password = generatePassword();
    expect(password).toMatch(/^[\w-]{24}$/);
    expect(generatePassword()).not.toBe(password);
  });
});

describe('users', () => {
  it('creates, lists and authenticates users without ever answering the hash', async () => {
    const user = await createUser(store.db, { username: 'Ayesha', password: 'long enough', role: 'staff' }, clock);
    expect(user).toEqual({ id: 1, username: 'Ayesha', role: 'staff', createdAt: clock.now().toISOString() });
    expect(await listUsers(store.db)).toEqual([user]);
    expect(await authenticate(store.db, 'ayesha', 'long enough')).toEqual(user);
    expect(await authenticate(store.db, 'ayesha', 'wrong one!')).toBeUndefined();
    expect(await authenticate(store.db, 'nobody', 'long enough')).toBeUndefined();
    const [row] = await store.db.selectFrom('users').selectAll().execute();
    expect(row?.password_hash).not.toContain('long enough');
  });

  it('refuses a taken username (any case), a bad username and a short password', async () => {
    await createUser(store.db, { username: 'bilal', password: 'long enough', role: 'staff' }, clock);
    await expectCafeError(
      createUser(store.db, { username: 'BILAL', password: 'long enough', role: 'staff' }, clock),
      'conflict',
      /already exists/,
    );
    await expectCafeError(
      createUser(store.db, { username: 'has space', password: 'long enough', role: 'staff' }, clock),
      'invalid_input',
      /^"has space" is not a valid username/,
    );
    await expectCafeError(
      createUser(store.db, { username: 'sana', password: 'short', role: 'staff' }, clock),
      'invalid_input',
      /at least 8 characters/,
    );
  });

  it('changes a password and ends every session of that user', async () => {
    const user = await createUser(store.db, { username: 'bilal', password: 'first password', role: 'staff' }, clock);
    const session = await startSession(store.db, user.id, clock);
    const result = await changePassword(store.db, { username: 'bilal', password: 'second password' }, clock);
    expect(result.sessionsEnded).toBe(1);
    expect(await findSession(store.db, session.token, clock)).toBeUndefined();
    expect(await authenticate(store.db, 'bilal', 'first password')).toBeUndefined();
    expect(await authenticate(store.db, 'bilal', 'second password')).toMatchObject({ id: user.id });
    await expectCafeError(
      changePassword(store.db, { username: 'ghost', password: 'whatever1' }, clock),
      'not_found',
      /No user is named "ghost"/,
    );
  });

  it('makes an admin on first start only: with the given password, or a generated one', async () => {
    const first = await ensureAdmin(store.db, undefined, clock);
    expect(first).toMatchObject({ created: true, user: { username: 'admin', role: 'admin' } });
    const generated = first.created ? first.generatedPassword : undefined;
    expect(generated).toMatch(/^[\w-]{24}$/);
    expect(await authenticate(store.db, 'admin', generated ?? '')).toBeDefined();
    expect(await ensureAdmin(store.db, 'another password', clock)).toEqual({ created: false });
  });

  it('uses ADMIN_PASSWORD when given', async () => {
    expect(await ensureAdmin(store.db, 'from the env', clock)).toMatchObject({ created: true, generatedPassword: undefined });
    expect(await authenticate(store.db, 'admin', 'from the env')).toBeDefined();
  });
});

describe('sessions', () => {
  it('finds a live session by its token, and not after it expired or ended', async () => {
    const user = await createUser(store.db, { username: 'bilal', password: 'long enough', role: 'staff' }, clock);
    const session = await startSession(store.db, user.id, { ...clock, ttlMs: 60_000 });
    const found = await findSession(store.db, session.token, clock);
    expect(found).toMatchObject({ user: { username: 'bilal' }, csrfToken: session.csrfToken });
    expect(await findSession(store.db, `${session.token}x`, clock)).toBeUndefined();
    current += 60_001;
    expect(await findSession(store.db, session.token, clock)).toBeUndefined();

    const other = await startSession(store.db, user.id, clock);
    const live = await findSession(store.db, other.token, clock);
    await endSession(store.db, live?.id ?? '');
    expect(await findSession(store.db, other.token, clock)).toBeUndefined();
    // The expired one was swept when the second session started.
    expect(await store.db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
  });
});

describe('API keys', () => {
  it('creates a key shown once, stores only its hash, and finds it by the key', async () => {
    const { apiKey, key } = await createApiKey(store.db, 'till', clock);
    expect(key).toMatch(/^csk_[\w-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'till', prefix: key.slice(0, 12), revokedAt: null, lastUsedAt: null });
    const rows = await store.db.selectFrom('api_keys').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(await findApiKey(store.db, key, clock)).toMatchObject({ name: 'till' });
    expect(await findApiKey(store.db, 'csk_wrong', clock)).toBeUndefined();
    expect(await findApiKey(store.db, 'no-prefix', clock)).toBeUndefined();
    expect((await listApiKeys(store.db))[0]?.lastUsedAt).toBe(clock.now().toISOString());
  });

  it('refuses a duplicate or bad name, and revokes by name', async () => {
    const { key } = await createApiKey(store.db, 'till', clock);
    await expectCafeError(createApiKey(store.db, 'till', clock), 'conflict', /already exists/);
    await expectCafeError(createApiKey(store.db, 'bad name!', clock), 'invalid_input', /^"bad name!" is not a valid API key name/);
    const revoked = await revokeApiKey(store.db, 'till', clock);
    expect(revoked.revokedAt).toBe(clock.now().toISOString());
    expect(await findApiKey(store.db, key, clock)).toBeUndefined();
    await expectCafeError(revokeApiKey(store.db, 'ghost', clock), 'not_found', /No API key is named "ghost"/);
  });
});
