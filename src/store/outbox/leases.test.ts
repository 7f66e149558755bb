import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore, type TempStore } from '../test-support/temp-store.js';
import { listLeases, releaseLease, takeLease } from './index.js';

let store: TempStore;
beforeEach(async () => {
  store = await openTempStore();
});
afterEach(async () => {
  await store.dispose();
});

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 3, 10, 0, seconds));
const lease = (holder: string, seconds: number) => ({ name: 'gateway-walk', holder, now: at(seconds), ttlMs: 10_000 });

describe('chore leases', () => {
  it('gives a chore to one holder at a time, renews it for that holder, and lets another take it once it runs out', async () => {
    expect(await takeLease(store.db, lease('worker-a', 0))).toBe(true);
    expect(await takeLease(store.db, lease('worker-b', 1))).toBe(false);
    expect(await takeLease(store.db, lease('worker-a', 5))).toBe(true); // renewed until 15 s
    expect(await takeLease(store.db, lease('worker-b', 12))).toBe(false);
    expect(await takeLease(store.db, lease('worker-b', 16))).toBe(true); // worker-a went quiet
    expect(await takeLease(store.db, lease('worker-a', 17))).toBe(false);
    expect(await listLeases(store.db, at(17))).toEqual([{ name: 'gateway-walk', holder: 'worker-b', expiresAt: at(26).toISOString() }]);
  });

  it('hands a released chore over at once, and releases only for its holder', async () => {
    await takeLease(store.db, lease('worker-a', 0));
    await releaseLease(store.db, { name: 'gateway-walk', holder: 'worker-b' });
    expect(await takeLease(store.db, lease('worker-b', 1))).toBe(false);
    await releaseLease(store.db, { name: 'gateway-walk', holder: 'worker-a' });
    expect(await takeLease(store.db, lease('worker-b', 1))).toBe(true);
  });

  it('keeps chores apart: holding one says nothing of another', async () => {
    expect(await takeLease(store.db, lease('worker-a', 0))).toBe(true);
    expect(await takeLease(store.db, { ...lease('worker-b', 0), name: 'prepare-campaigns' })).toBe(true);
  });

  it('lets exactly one of many racing takers win', async () => {
    const takers = Array.from({ length: 8 }, (_, i) => takeLease(store.db, lease(`worker-${i}`, 0)));
    expect((await Promise.all(takers)).filter(Boolean)).toHaveLength(1);
  });
});
