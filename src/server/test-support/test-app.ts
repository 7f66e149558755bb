import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createApiKey, createUser, hashPassword, type UserRole } from '../../access/index.js';
import { insertUser, openStore, type Store } from '../../store/index.js';
import { loadConfig, type Config } from '../../config/index.js';
import { createTestDatabase } from '../../store/test-support/test-database.js';
import { buildApp, type BuildAppOptions } from '../build-app.js';

export const ADMIN = { username: 'admin', password: 'correct-horse-1' } as const;
export const STAFF = { username: 'staff', password: 'battery-staple-2' } as const;

/** A clock tests can move; starts at a fixed daytime instant in Karachi (10:00 local). */
export interface TestClock {
  now: () => Date;
  advance(ms: number): void;
  set(iso: string): void;
}

export function testClock(startIso = '2026-11-26T05:00:00.000Z'): TestClock {
  let current = Date.parse(startIso);
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (iso) => {
      current = Date.parse(iso);
    },
  };
}

/**
 * scrypt is slow on purpose (~80 ms a hash); the two standard users' hashes are made once per test
 * file and written straight into each test's database.
 */
const standardHashes = new Map<string, Promise<string>>();
function hashOnce(password: string): Promise<string> {
  let hash = standardHashes.get(password);
  if (hash === undefined) {
    hash = hashPassword(password);
    standardHashes.set(password, hash);
  }
  return hash;
}

export interface SignedIn {
  cookie: string;
  csrfToken: string;
  /** Cookie and CSRF header, for writes. */
  headers: Record<string, string>;
}

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  config: Readonly<Config>;
  clock: TestClock;
  dir: string;
  signIn(user?: { username: string; password: string }): Promise<SignedIn>;
  /** A fresh API key (made directly in the store). */
  apiKey(name?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions extends Partial<Omit<BuildAppOptions, 'store' | 'config'>> {
  env?: Record<string, string>;
}

/**
 * The real app on a real database of the run's dialect (SQLite file in a temp folder, or a PostgreSQL schema),
 * with an admin and a staff user. Nothing is
 * mocked: requests go through `app.inject()`, the whole fastify stack included.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cafe-server-'));
  const database = await createTestDatabase(path.join(dir, 'cafe.db'));
  const config = loadConfig({ env: { DATABASE_URL: database.url, ...options.env }, cwd: null });
  const store = await openStore(config.databaseUrl);
  const clock = testClock();
  const { env: _env, ...appOptions } = options;
  const nowIso = clock.now().toISOString();
  await insertUser(store.db, { username: ADMIN.username, passwordHash: await hashOnce(ADMIN.password), role: 'admin', nowIso });
  await insertUser(store.db, { username: STAFF.username, passwordHash: await hashOnce(STAFF.password), role: 'staff', nowIso });
  const app = await buildApp({ mode: 'sandbox', webRoot: null, now: clock.now, ...appOptions, store, config });
  let keys = 0;
  return {
    app,
    store,
    config,
    clock,
    dir,
    async signIn(user = ADMIN) {
      const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: user });
      if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === 'cafe_session');
      if (cookie === undefined) throw new Error('sign-in set no session cookie');
      const csrfToken = response.json<{ csrfToken: string }>().csrfToken;
      const cookieHeader = `cafe_session=${cookie.value}`;
      return { cookie: cookieHeader, csrfToken, headers: { cookie: cookieHeader, 'x-csrf-token': csrfToken } };
    },
    async apiKey(name = `key-${++keys}`) {
      return (await createApiKey(store.db, name, clock)).key;
    },
    async close() {
      await app.close();
      await store.close();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function addUser(test: TestApp, username: string, password: string, role: UserRole): Promise<void> {
  await createUser(test.store.db, { username, password, role }, test.clock);
}

/** The error body every failure answers. */
export function errorOf(response: LightMyRequestResponse): { statusCode: number; code: string; message: string; field?: string } {
  return response.json();
}
