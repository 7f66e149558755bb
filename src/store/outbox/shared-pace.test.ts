import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTransaction } from '../index.js';
import { TEST_DIALECT } from '../test-support/test-database.js';
import { openTempStore, type TempStore } from '../test-support/temp-store.js';
import { chargeSharedPace, takeSharedPaceTurn } from './index.js';

let store: TempStore;
beforeEach(async () => {
  store = await openTempStore();
});
afterEach(async () => {
  await store.dispose();
});

const now = new Date('2026-12-03T10:00:00.000Z');

/** Resolves to whether `promise` settled within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const settled = await Promise.race([promise.then(() => true), late]);
  clearTimeout(timer);
  return settled;
}

// Only PostgreSQL is shared by several workers; a SQLite file has one writer and each worker's own pacer.
describe.runIf(TEST_DIALECT === 'postgres')('the account pace shared on PostgreSQL', () => {
  it('lets the first claim go at once and the next wait for what the first charged', async () => {
    expect(await takeSharedPaceTurn(store.db, now)).toBe(0);
    await chargeSharedPace(store.db, 2000, now);
    const wait = await takeSharedPaceTurn(store.db, now);
    expect(wait).toBeGreaterThan(1500);
    expect(wait).toBeLessThanOrEqual(2000);
  });

  it('adds each charge to the one before, however close together', async () => {
    await chargeSharedPace(store.db, 1000, now);
    await chargeSharedPace(store.db, 1000, now);
    expect(await takeSharedPaceTurn(store.db, now)).toBeGreaterThan(1500);
  });

  it('makes up for a claim that came late, but lets an idle account burst by half a second at most', async () => {
    await takeSharedPaceTurn(store.db, now);
    const setNextFree = (msFromNow: number) =>
      store.db
        .updateTable('send_pace')
        .set({ next_free_ms: Date.now() + msFromNow })
        .execute();
    await setNextFree(-200); // the pace allowed the next call 200 ms ago
    await chargeSharedPace(store.db, 500, now);
    expect(await takeSharedPaceTurn(store.db, now)).toBeGreaterThan(200);
    expect(await takeSharedPaceTurn(store.db, now)).toBeLessThanOrEqual(300);
    await setNextFree(-60_000); // idle for a minute
    await chargeSharedPace(store.db, 2000, now);
    const wait = await takeSharedPaceTurn(store.db, now);
    expect(wait).toBeGreaterThan(1400);
    expect(wait).toBeLessThanOrEqual(1500);
  });

  it('makes claimers take turns: the second waits until the first has charged and committed, then sees its charge', async () => {
    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstHasTurn!: () => void;
    const firstTurnTaken = new Promise<void>((resolve) => (firstHasTurn = resolve));
    const first = writeTransaction(store.db, async (trx) => {
      expect(await takeSharedPaceTurn(trx, now)).toBe(0);
      firstHasTurn();
      await firstMayCommit;
      await chargeSharedPace(trx, 3000, now);
    });
    await firstTurnTaken;
    const second = writeTransaction(store.db, (trx) => takeSharedPaceTurn(trx, now));
    expect(await settlesWithin(second, 300)).toBe(false);
    releaseFirst();
    await first;
    expect(await second).toBeGreaterThan(2000);
  });
});
