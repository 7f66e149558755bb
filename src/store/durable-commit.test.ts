import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../../test/outbox-crash/support/index.js';
import { createTempDir, type TempDir } from '../../test/support/index.js';
import { CafeError } from '../errors/index.js';
import { openStore, writeTransaction, type Store } from './index.js';
import { heldSyncs, settlesSoon } from './test-support/held-syncs.js';

// SQLite only: PostgreSQL's commits never ran on the event loop.
let dir: TempDir;
let store: Store | undefined;
beforeEach(async () => {
  dir = await createTempDir('cafe-sms-durable-');
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  await dir.remove();
});

async function openHeld(): Promise<{ store: Store; syncs: ReturnType<typeof heldSyncs> }> {
  // Opening migrates, and each migration's commit waits for its sync: let them through as they come.
  const syncs = heldSyncs();
  const releasing = setInterval(() => void syncs.release(), 1);
  try {
    store = await openStore(dir.file('cafe-sms.db'), { walSync: { datasync: syncs.datasync } });
  } finally {
    clearInterval(releasing);
  }
  while (syncs.held() > 0) await syncs.release();
  return { store, syncs };
}

const addContact = (phone: string) => (trx: Store['db']) =>
  trx
    .insertInto('contacts')
    .values({ phone, name: null, created_at: '2026-12-04T08:00:00.000Z', updated_at: '2026-12-04T08:00:00.000Z' })
    .execute();

const phones = async (db: Store['db']) => (await db.selectFrom('contacts').select('phone').orderBy('phone').execute()).map((r) => r.phone);

describe('SQLite commits', () => {
  it('answer once the log is on disk, and the connection serves the next statements meanwhile', async () => {
    const { store, syncs } = await openHeld();
    const before = syncs.began();
    const committed = writeTransaction(store.db, addContact('923001234567'));
    await waitUntil('the commit waits for its sync', () => syncs.held() === 1, 5000);
    expect(await settlesSoon(committed)).toBe(false);
    // The transaction is committed (others see it); only its committer waits for the disk.
    expect(await phones(store.db)).toEqual(['923001234567']);
    await syncs.release();
    await committed;
    // One sync for the transaction at its commit, none for the statements inside it.
    expect(syncs.began() - before).toBe(1);
  });

  it('make a write outside a transaction wait for the disk too, and a read not', async () => {
    const { store, syncs } = await openHeld();
    const written = addContact('923001234567')(store.db);
    await waitUntil('the write waits for its sync', () => syncs.held() === 1, 5000);
    expect(await settlesSoon(written)).toBe(false);
    await syncs.release();
    await written;
    await phones(store.db);
    await sql`select 1`.execute(store.db);
    expect(syncs.held()).toBe(0);
  });

  it('fail a commit whose sync fails, without undoing the transaction that took the connection after it', async () => {
    const { store, syncs } = await openHeld();
    const first = writeTransaction(store.db, addContact('923001111111'));
    await waitUntil('the first commit waits for its sync', () => syncs.held() === 1, 5000);
    // The second commits while the first's sync is out, on the connection the first gave back.
    const second = writeTransaction(store.db, addContact('923002222222'));
    await waitUntil('the second committed', async () => (await phones(store.db)).length === 2, 5000);
    syncs.fail();
    const failure = await first.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CafeError);
    expect(failure).toMatchObject({ code: 'internal', message: expect.stringMatching(/log to disk.*EIO/) });
    // The second's sync fails as well (no sync may vouch for it now), but its rows stay committed.
    await expect(second).rejects.toBe(failure);
    expect(await phones(store.db)).toEqual(['923001111111', '923002222222']);
  });
});
