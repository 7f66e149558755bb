import { describe, expect, it } from 'vitest';
import { ONE_OFF_BUSY_MS } from './call-pipeline.js';
import { allRows, insertRows, phoneNumber, phoneNumbers, statesOf } from './test-support/fixtures.js';
import { waitFor } from './test-support/wait-for.js';
import { useHarnessPerTest } from './test-support/worker-harness.js';

const harness = useHarnessPerTest();

/** SQLite has no wake-up from other connections: the worker looks every poll (20 ms here). */
const UNPACED = { concurrency: 2, sendRate: 1_000_000, idlePollMs: 20 };

async function acceptedCount(): Promise<number> {
  return (await allRows(harness().store.db)).filter((row) => row.state === 'accepted').length;
}

describe('worker: one-off messages share calls', () => {
  it('sends a lone one-off on a quiet day by the single send at once, without waiting for company', async () => {
    const stop = new AbortController();
    // A linger this long would show: the first one-off after a quiet spell does not wait at all.
    const worker = harness().worker({ ...UNPACED, oneOffLingerMs: 5000 });
    const running = worker.run(stop.signal);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const queuedAt = performance.now();
    await insertRows(harness().store.db, null, [{ phone: phoneNumber(1) }]);
    await waitFor(async () => (await acceptedCount()) === 1);
    const waitedMs = performance.now() - queuedAt;
    stop.abort();
    await running;
    expect(harness().sim.stats().byOperation).toMatchObject({ send: 1 });
    expect(harness().sim.stats().byOperation.bulk ?? 0).toBe(0);
    expect(waitedMs).toBeLessThan(2500);
  });

  it('lets a one-off that follows another closely wait for company, then sends them together', async () => {
    const stop = new AbortController();
    const worker = harness().worker({ ...UNPACED, oneOffLingerMs: 1500 });
    const running = worker.run(stop.signal);
    await insertRows(harness().store.db, null, [{ phone: phoneNumber(1) }]);
    await waitFor(async () => (await acceptedCount()) === 1);
    const queuedAt = performance.now();
    await insertRows(harness().store.db, null, [{ phone: phoneNumber(2) }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await insertRows(harness().store.db, null, [{ phone: phoneNumber(3) }]);
    await waitFor(async () => (await acceptedCount()) === 3);
    const waitedMs = performance.now() - queuedAt;
    // After a quiet spell the next one goes at once again, by itself.
    await new Promise((resolve) => setTimeout(resolve, ONE_OFF_BUSY_MS + 200));
    const afterQuietAt = performance.now();
    await insertRows(harness().store.db, null, [{ phone: phoneNumber(4) }]);
    await waitFor(async () => (await acceptedCount()) === 4);
    const afterQuietMs = performance.now() - afterQuietAt;
    stop.abort();
    await running;
    // The first went by itself at once; the next two shared one call after the linger.
    expect(harness().sim.stats().byOperation).toMatchObject({ send: 2, bulk: 1 });
    expect(waitedMs).toBeGreaterThanOrEqual(1500 * 0.9);
    expect(afterQuietMs).toBeLessThan(1500);
    for (const phone of phoneNumbers(4)) expect(harness().sim.sentTo(phone)).toHaveLength(1);
  });

  it('puts one-offs queued together in bulk calls of up to 50, each sent once', async () => {
    await insertRows(
      harness().store.db,
      null,
      phoneNumbers(120).map((phone) => ({ phone })),
    );
    const summary = await harness().worker(UNPACED).runUntilIdle();
    expect(summary).toMatchObject({ sent: 120, accepted: 120, calls: 3 });
    expect(harness().sim.stats().byOperation).toMatchObject({ bulk: 3 });
    expect(statesOf(await allRows(harness().store.db))).toEqual({ accepted: 120 });
    for (const phone of phoneNumbers(120)) expect(harness().sim.sentTo(phone)).toHaveLength(1);
  });

  it('lets one-offs that trickle in wait for each other, within the linger', async () => {
    const stop = new AbortController();
    const worker = harness().worker(UNPACED);
    const running = worker.run(stop.signal);
    const trickled = 40;
    for (let i = 1; i <= trickled; i += 1) {
      await insertRows(harness().store.db, null, [{ phone: phoneNumber(i) }]);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitFor(async () => (await acceptedCount()) === trickled);
    stop.abort();
    const summary = await running;
    // One call each would be 40; 5 ms apart over ~0.2 s, a call carries what came in its linger.
    expect(summary.calls).toBeLessThanOrEqual(8);
    for (const phone of phoneNumbers(trickled)) expect(harness().sim.sentTo(phone)).toHaveLength(1);
  });
});
