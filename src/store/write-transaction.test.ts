import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findContactByPhone, upsertContacts, writeTransaction } from './index.js';
import { openTempStore, type TempStore } from './test-support/temp-store.js';

let store: TempStore;
let other: BetterSqlite3.Database;

beforeEach(async () => {
  store = await openTempStore();
  // Another process's connection; it does not wait for locks, so a held lock shows at once.
  other = new BetterSqlite3(store.path, { timeout: 0 });
});

afterEach(async () => {
  other.close();
  await store.dispose();
});

describe('writeTransaction', () => {
  it('holds the write lock from the start, so a read-then-write cannot be overtaken by another writer', async () => {
    await writeTransaction(store.db, async (trx) => {
      await trx.selectFrom('contacts').selectAll().execute();
      expect(() => other.prepare("insert into contacts (phone) values ('923001111111')").run()).toThrow(/locked|busy/i);
      await upsertContacts(trx, [{ phone: '923001234567' }]);
    });
    expect(await findContactByPhone(store.db, '923001234567')).toBeDefined();
    other.prepare("insert into contacts (phone) values ('923001111111')").run();
  });

  it('rolls everything back when the work fails', async () => {
    const failure = writeTransaction(store.db, async (trx) => {
      await upsertContacts(trx, [{ phone: '923001234567' }]);
      throw new Error('boom');
    });
    await expect(failure).rejects.toThrow('boom');
    expect(await findContactByPhone(store.db, '923001234567')).toBeUndefined();
  });
});
