import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.js';
import { isPostgres } from './dialect.js';
import { openStore } from './open-store.js';
import { openTempStore, type TempStore } from './test-support/temp-store.js';

let store: TempStore;

beforeEach(async () => {
  store = await openTempStore();
});
afterEach(async () => {
  await store.dispose();
});

/** A write of its own per run: the settings table's key is unique, so a repeat is refused. */
async function addTag(trx: TempStore['db'], name: string): Promise<string> {
  const row = await trx
    .insertInto('settings')
    .values({ key: `test.${name}`, value: name, updated_at: '2026-12-03T00:00:00.000Z' })
    .returning('key')
    .executeTakeFirstOrThrow();
  return row.key;
}

async function tagNames(db = store.db): Promise<string[]> {
  const rows = await db.selectFrom('settings').select('value').where('key', 'like', 'test.%').orderBy('value').execute();
  return rows.map((row) => row.value);
}

describe('createGroupCommit', () => {
  it('runs each write and answers its own result; on SQLite writes that arrive together share a commit', async () => {
    const group = createGroupCommit(store.db);
    const names = Array.from({ length: 40 }, (_, i) => `tag-${String(i).padStart(2, '0')}`);
    const ids = await Promise.all(names.map((name) => group.run((trx) => addTag(trx, name))));
    expect(new Set(ids).size).toBe(names.length);
    expect(await tagNames()).toEqual(names);
    if (isPostgres(store.db)) expect(group.commits()).toBe(0);
    else expect(group.commits()).toBeLessThanOrEqual(2);
  });

  it('undoes only the write that failed; the others in its commit stay', async () => {
    const group = createGroupCommit(store.db);
    const refused = new Error('refused by the caller');
    const results = await Promise.allSettled([
      group.run((trx) => addTag(trx, 'first')),
      group.run(async (trx) => {
        await addTag(trx, 'half-done');
        throw refused;
      }),
      group.run((trx) => addTag(trx, 'first')), // a unique violation: fails alone too
      group.run((trx) => addTag(trx, 'last')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: refused });
    expect(await tagNames()).toEqual(['first', 'last']);
  });

  it('answers only once the write is committed: another connection sees it', async () => {
    const group = createGroupCommit(store.db);
    await group.run((trx) => addTag(trx, 'durable'));
    const other = await openStore(store.url);
    try {
      expect(await tagNames(other.db)).toEqual(['durable']);
    } finally {
      await other.close();
    }
  });

  it('rejects every write of a commit that fails, and keeps none of them', async () => {
    const group = createGroupCommit(store.db);
    await store.close();
    const results = await Promise.allSettled([group.run((trx) => addTag(trx, 'a')), group.run((trx) => addTag(trx, 'b'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('runs inside the transaction it is given one', async () => {
    const group = createGroupCommit(store.db);
    await expect(
      store.db.transaction().execute(async (trx) => {
        await createGroupCommit(trx).run((inner) => addTag(inner, 'inner'));
        throw new Error('roll back the outer transaction');
      }),
    ).rejects.toThrow('roll back');
    expect(await tagNames()).toEqual([]);
    await group.run((trx) => addTag(trx, 'after'));
    expect(await tagNames()).toEqual(['after']);
  });
});
