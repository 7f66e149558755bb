import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchesContactFilter } from './contact-filter.js';
import { upsertContacts } from './index.js';
import { explainAnalyze, rowsRead } from './test-support/query-plan.js';
import { TEST_DIALECT } from './test-support/test-database.js';
import { openTempStore, type TempStore } from './test-support/temp-store.js';

const CONTACTS = 6000;
const PAGE = 250;

let store: TempStore;
let ids: number[];

beforeAll(async () => {
  store = await openTempStore();
  // Every contact tagged "lunch"; every other one "vip" too.
  const inputs = Array.from({ length: CONTACTS }, (_, i) => ({
    phone: `92300${String(1_000_000 + i)}`,
    tags: ['lunch', ...(i % 2 === 0 ? ['vip'] : [])],
  }));
  ids = (await upsertContacts(store.db, inputs)).map((c) => c.id).sort((a, b) => a - b);
  await sql`analyze`.execute(store.db);
});

afterAll(async () => {
  await store.dispose();
});

function page(tags: string[], afterId: number) {
  return store.db.selectFrom('contacts').select('id').where(matchesContactFilter({ tags }, afterId)).orderBy('id').limit(PAGE);
}

describe('the contact filter, paged by id', () => {
  it('answers the contacts after the cursor having any of the tags, in id order', async () => {
    const late = ids[CONTACTS - 2 * PAGE]!;
    const lunch = await page(['lunch'], late).execute();
    expect(lunch.map((row) => row.id)).toEqual(ids.filter((id) => id > late).slice(0, PAGE));
    const vip = await page(['vip'], late).execute();
    expect(vip.map((row) => row.id)).toEqual(ids.filter((id, i) => id > late && i % 2 === 0).slice(0, PAGE));
  });

  // PostgreSQL joins contacts and contact_tags in id order; the cursor must bound both sides, or a
  // late page reads the tag index from the first contact and a campaign's materialising grows
  // quadratic. (SQLite looks each contact's tags up by its id: there is nothing to bound.)
  it.runIf(TEST_DIALECT === 'postgres')('reads about a page of tags for a late page, not every tag before it', async () => {
    const late = ids[CONTACTS - 2 * PAGE]!;
    for (const tags of [['lunch'], ['lunch', 'vip']]) {
      const query = page(tags, late).compile();
      const plan = await explainAnalyze(store.db, query.sql, query.parameters);
      expect(rowsRead(plan, 'contact_tags')).toBeLessThanOrEqual(3 * PAGE);
    }
  });
});
