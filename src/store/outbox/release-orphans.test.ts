import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allRows, insertCampaign, insertRows, phoneNumber } from '../../outbox/test-support/fixtures.js';
import { forgetStoppedWorkers, listActiveWorkers, registerWorker, writeHeartbeat } from './heartbeat.js';
import { processExists, releaseOrphans } from './release-orphans.js';
import { openTempStore } from '../test-support/temp-store.js';

type TestStore = Awaited<ReturnType<typeof openTempStore>>;
let store: TestStore;
const now = new Date('2026-11-26T07:01:00.000Z');
const DEAD_PID = 999_999;

beforeEach(async () => {
  store = await openTempStore();
});
afterEach(async () => {
  await store.dispose();
});

async function rowsClaimedBy(workers: string[]): Promise<void> {
  const campaign = await insertCampaign(store.db);
  await insertRows(
    store.db,
    campaign,
    workers.map((w, i) => ({ phone: phoneNumber(i + 1), state: 'sending', claimedBy: w, claimedAt: '2026-11-26T07:00:00.000Z' })),
  );
}

const check = (isAlive: (pid: number) => boolean) =>
  releaseOrphans(store.db, { selfId: 'me', now, hostname: 'host-a', isAlive, staleMs: 15_000 });

describe('releaseOrphans', () => {
  it('turns the sending rows of a dead process on this host into unknown, and marks it stopped', async () => {
    await registerWorker(store.db, { id: 'dead', pid: DEAD_PID, hostname: 'host-a' }, now, {});
    await registerWorker(store.db, { id: 'alive', pid: process.pid, hostname: 'host-a' }, now, {});
    await rowsClaimedBy(['dead', 'alive', 'me']);
    const result = await check((pid) => pid !== DEAD_PID);
    expect(result).toEqual({ deadWorkers: ['dead'], orphaned: 1 });
    const rows = await allRows(store.db);
    expect(rows.map((r) => r.state)).toEqual(['unknown', 'sending', 'sending']);
    expect(rows[0]).toMatchObject({ unknown_since: now.toISOString(), error_code: 'orphaned' });
    expect((await listActiveWorkers(store.db)).map((w) => w.id)).toEqual(['alive']);
  });

  it('takes a stale heartbeat from another host as death, a fresh one as life', async () => {
    await registerWorker(store.db, { id: 'stale', pid: 1, hostname: 'host-b' }, new Date('2026-11-26T07:00:00.000Z'), {});
    await registerWorker(store.db, { id: 'fresh', pid: 1, hostname: 'host-b' }, new Date('2026-11-26T07:00:00.000Z'), {});
    await writeHeartbeat(store.db, 'fresh', new Date('2026-11-26T07:00:50.000Z'), { state: 'sending' });
    await rowsClaimedBy(['stale', 'fresh']);
    const result = await check(() => true);
    expect(result.deadWorkers).toEqual(['stale']);
    expect((await allRows(store.db)).map((r) => r.state)).toEqual(['unknown', 'sending']);
  });

  it('lists a worker taken for dead again at its next heartbeat, and then leaves its new claims alone', async () => {
    await registerWorker(store.db, { id: 'late', pid: 1, hostname: 'host-b' }, new Date('2026-11-26T07:00:00.000Z'), {});
    await rowsClaimedBy(['late']);
    expect((await check(() => true)).deadWorkers).toEqual(['late']);
    expect(await writeHeartbeat(store.db, 'late', now, { state: 'sending' })).toEqual({ wasTakenForDead: true });
    expect(await writeHeartbeat(store.db, 'late', now, { state: 'sending' })).toEqual({ wasTakenForDead: false });
    expect((await listActiveWorkers(store.db)).map((w) => w.id)).toEqual(['late']);
    // What it had out stays unknown for reconciling; what it claims from now on is its own.
    await rowsClaimedBy(['late']);
    expect(await check(() => true)).toEqual({ deadWorkers: [], orphaned: 0 });
    expect((await allRows(store.db)).map((r) => r.state)).toEqual(['unknown', 'sending']);
  });

  it('treats rows of a worker with no row, or one that stopped, as orphans', async () => {
    await registerWorker(store.db, { id: 'gone', pid: process.pid, hostname: 'host-a' }, now, {});
    await store.db.updateTable('workers').set({ stopped_at: now.toISOString() }).execute();
    await rowsClaimedBy(['never-registered', 'gone']);
    expect((await check(() => true)).orphaned).toBe(2);
  });

  it('leaves everything alone when all are alive', async () => {
    await registerWorker(store.db, { id: 'alive', pid: process.pid, hostname: 'host-a' }, now, {});
    await rowsClaimedBy(['alive', 'me']);
    expect(await check(() => true)).toEqual({ deadWorkers: [], orphaned: 0 });
  });
});

describe('processExists', () => {
  it('knows this process and not a free pid', () => {
    expect(processExists(process.pid)).toBe(true);
    expect(processExists(DEAD_PID)).toBe(false);
  });
});

describe('forgetStoppedWorkers', () => {
  it('deletes only workers that stopped before the given time', async () => {
    await registerWorker(store.db, { id: 'old', pid: 1, hostname: 'host-a' }, now, {});
    await registerWorker(store.db, { id: 'recent', pid: 2, hostname: 'host-a' }, now, {});
    await registerWorker(store.db, { id: 'running', pid: 3, hostname: 'host-a' }, now, {});
    await store.db.updateTable('workers').set({ stopped_at: '2026-11-01T00:00:00.000Z' }).where('id', '=', 'old').execute();
    await store.db.updateTable('workers').set({ stopped_at: '2026-11-26T00:00:00.000Z' }).where('id', '=', 'recent').execute();
    expect(await forgetStoppedWorkers(store.db, new Date('2026-11-19T00:00:00.000Z'))).toBe(1);
    const left = await store.db.selectFrom('workers').select('id').orderBy('id').execute();
    expect(left.map((w) => w.id)).toEqual(['recent', 'running']);
  });
});
