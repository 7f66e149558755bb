import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/index.js';
import { addUser, ensureAdmin } from './index.js';

let dir: string;
let store: Store;
const clock = { now: () => new Date('2026-11-26T05:00:00.000Z') };

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cafe-manage-users-'));
  store = await openStore(path.join(dir, 'users.db'));
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the first user', () => {
  it('is an admin even when asked for as staff, and serve then makes no "admin"', async () => {
    expect(await addUser(store.db, { username: 'ali', password: 'long enough', role: 'staff' }, clock)).toMatchObject({
      user: { username: 'ali', role: 'admin' },
      madeFirstAdmin: true,
    });
    expect(await addUser(store.db, { username: 'zara', password: 'long enough', role: 'staff' }, clock)).toMatchObject({
      user: { role: 'staff' },
      madeFirstAdmin: false,
    });
    expect(await ensureAdmin(store.db, undefined, clock)).toEqual({ created: false });
  });

  it('asked for as an admin is simply an admin', async () => {
    expect(await addUser(store.db, { username: 'ali', password: 'long enough', role: 'admin' }, clock)).toMatchObject({
      madeFirstAdmin: false,
    });
  });
});
