import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markWorkerStopped, registerWorker, writeHeartbeat } from '../store/outbox/index.js';
import { createTestApp, type TestApp } from './test-support/test-app.js';

let test: TestApp;
beforeEach(async () => {
  test = await createTestApp();
});
afterEach(async () => {
  await test.close();
});

describe('GET /api/overview on a server that leaves sending to worker processes', () => {
  it('shows the workers of every machine from the database, freshest first, and none that stopped or went quiet', async () => {
    const now = test.clock.now();
    const before = (ms: number) => new Date(now.getTime() - ms);
    await registerWorker(test.store.db, { id: 'branch-a:1', pid: 1, hostname: 'branch-a' }, before(60_000), {});
    await writeHeartbeat(test.store.db, 'branch-a:1', before(60_000), { state: 'sending', pace: 1 });
    await registerWorker(test.store.db, { id: 'branch-b:2', pid: 2, hostname: 'branch-b' }, before(2000), {});
    await writeHeartbeat(test.store.db, 'branch-b:2', before(1000), { state: 'sending', pace: 40 });
    await registerWorker(test.store.db, { id: 'branch-c:3', pid: 3, hostname: 'branch-c' }, before(3000), {});
    await writeHeartbeat(test.store.db, 'branch-c:3', before(2000), { state: 'idle', pace: 40 });
    await registerWorker(test.store.db, { id: 'branch-d:4', pid: 4, hostname: 'branch-d' }, before(3000), {});
    await markWorkerStopped(test.store.db, 'branch-d:4', before(500), { state: 'stopped' });

    const signedIn = await test.signIn();
    const response = await test.app.inject({ method: 'GET', url: '/api/overview', headers: signedIn.headers });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ worker: unknown; workers: { id: string; hostname: string; snapshot: unknown }[] }>();
    expect(body.workers.map((w) => w.id)).toEqual(['branch-b:2', 'branch-c:3']);
    expect(body.worker).toEqual({ state: 'sending', pace: 40 });
  });
});
