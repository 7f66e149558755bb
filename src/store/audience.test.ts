import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audienceIdPage, countAudience, iterateAudienceIds, setOptOut, upsertContacts } from './index.js';
import { openTempStore, type TempStore } from './test-support/temp-store.js';

let store: TempStore;
let ids: number[];

beforeEach(async () => {
  store = await openTempStore();
  // Ten contacts; even ones tagged "lunch", every third "vip"; contact 5 (index 4) opted out.
  const inputs = Array.from({ length: 10 }, (_, i) => ({
    phone: `9230012345${String(i).padStart(2, '0')}`,
    tags: [...(i % 2 === 0 ? ['lunch'] : []), ...(i % 3 === 0 ? ['VIP'] : [])],
  }));
  ids = (await upsertContacts(store.db, inputs)).map((c) => c.id);
  await setOptOut(store.db, ids[4]!, { source: 'inbound' });
});

afterEach(async () => {
  await store.dispose();
});

const pick = (indexes: number[]) => indexes.map((i) => ids[i]);

describe('audience', () => {
  it('counts everyone subscribed when there are no tags', async () => {
    expect(await countAudience(store.db)).toBe(9);
    expect(await countAudience(store.db, { tags: [] })).toBe(9);
  });

  it('counts contacts having any of the tags, never the opted-out', async () => {
    expect(await countAudience(store.db, { tags: ['lunch'] })).toBe(4); // 0,2,6,8 (4 opted out)
    expect(await countAudience(store.db, { tags: ['vip'] })).toBe(4); // 0,3,6,9
    expect(await countAudience(store.db, { tags: ['Lunch', 'VIP'] })).toBe(6); // 0,2,3,6,8,9
    expect(await countAudience(store.db, { tags: ['nobody'] })).toBe(0);
  });

  it('pages ids after a cursor, ascending, so a builder can stop and resume', async () => {
    const first = await audienceIdPage(store.db, { tags: ['lunch', 'vip'] }, 0, 4);
    expect(first).toEqual(pick([0, 2, 3, 6]));
    const rest = await audienceIdPage(store.db, { tags: ['lunch', 'vip'] }, first.at(-1)!, 4);
    expect(rest).toEqual(pick([8, 9]));
    expect(await audienceIdPage(store.db, { tags: ['lunch', 'vip'] }, rest.at(-1)!, 4)).toEqual([]);
  });

  it('iterates the whole audience in pages, optionally from a saved cursor', async () => {
    const pages: number[][] = [];
    for await (const page of iterateAudienceIds(store.db, {}, { pageSize: 4 })) pages.push(page);
    expect(pages).toEqual([pick([0, 1, 2, 3]), pick([5, 6, 7, 8]), pick([9])]);

    const resumed: number[] = [];
    for await (const page of iterateAudienceIds(store.db, { tags: ['vip'] }, { afterId: ids[3]! })) resumed.push(...page);
    expect(resumed).toEqual(pick([6, 9]));
  });

  it('streams a large audience one page at a time', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ phone: `9231${String(i).padStart(8, '0')}`, tags: ['big'] }));
    await upsertContacts(store.db, many);
    let seen = 0;
    let largestPage = 0;
    let previous = 0;
    for await (const page of iterateAudienceIds(store.db, { tags: ['big'] })) {
      seen += page.length;
      largestPage = Math.max(largestPage, page.length);
      expect(page[0]!).toBeGreaterThan(previous);
      previous = page.at(-1)!;
    }
    expect(seen).toBe(5000);
    expect(largestPage).toBe(1000);
  });
});
