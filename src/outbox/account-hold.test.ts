import { afterEach, describe, expect, it } from 'vitest';
import { resumeHeldSending } from '../campaigns/transitions.js';
import { readAccountHold } from '../store/outbox/index.js';
import { allRows, insertRows, phoneNumbers, statesOf } from './test-support/fixtures.js';
import { waitFor } from './test-support/wait-for.js';
import { createHarness, type Harness } from './test-support/worker-harness.js';

/** Issue 15: an account without SMS units holds sending; it never fails a message. */

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

describe('worker: the account runs out of SMS units', () => {
  it('holds the rest, records why, and goes on by itself once a later try gets through', async () => {
    h = await createHarness({ balance: 3 });
    const harness = h;
    // One message a call (maxBatch 1): three get through, the fourth finds the account empty.
    await insertRows(
      harness.store.db,
      null,
      phoneNumbers(6).map((phone) => ({ phone, body: 'Your order is ready' })),
    );
    const stop = new AbortController();
    const worker = harness.worker({ holdMs: 100, maxBatch: 1 });
    const running = worker.run(stop.signal);
    try {
      await waitFor(async () => (await readAccountHold(harness.store.db)) !== undefined);
      expect(await readAccountHold(harness.store.db)).toMatchObject({ code: 'insufficient_balance' });
      expect(harness.sim.outbound()).toHaveLength(3);
      // Calls claimed ahead go back to the queue on the next turn.
      await waitFor(async () => JSON.stringify(statesOf(await allRows(harness.store.db))) === JSON.stringify({ accepted: 3, queued: 3 }));
      harness.sim.setOptions({ balance: 100 });
      await waitFor(async () => harness.sim.outbound().length === 6, 5000);
      await waitFor(async () => (await readAccountHold(harness.store.db)) === undefined);
    } finally {
      stop.abort();
      await running;
    }
    expect(statesOf(await allRows(harness.store.db))).toEqual({ accepted: 6 });
    for (const phone of phoneNumbers(6)) expect(harness.sim.sentTo(phone)).toHaveLength(1);
  });

  it('sends at once when staff resume after a top-up, without waiting out the pause', async () => {
    h = await createHarness({ balance: 1 });
    const harness = h;
    await insertRows(
      harness.store.db,
      null,
      phoneNumbers(3).map((phone) => ({ phone, body: 'Your order is ready' })),
    );
    const stop = new AbortController();
    // One call at a time: an earlier call accepted after the refusal would (rightly) end the hold by itself.
    const worker = harness.worker({ holdMs: 60_000, concurrency: 1, maxBatch: 1 });
    const running = worker.run(stop.signal);
    try {
      await waitFor(async () => (await readAccountHold(harness.store.db)) !== undefined);
      expect(worker.snapshot().state).toBe('held');
      harness.sim.setOptions({ balance: 100 });
      const hold = await readAccountHold(harness.store.db);
      if (hold === undefined) throw new Error('the hold went away by itself');
      await resumeHeldSending(harness.store.db, hold, harness.clock.now());
      await waitFor(() => harness.sim.outbound().length === 3, 3000);
    } finally {
      stop.abort();
      await running;
    }
    expect(statesOf(await allRows(harness.store.db))).toEqual({ accepted: 3 });
  });

  it('ends a run that waits for idle with the refusal, leaving the rest queued, none failed', async () => {
    h = await createHarness({ balance: 2 });
    await insertRows(
      h.store.db,
      null,
      phoneNumbers(4).map((phone) => ({ phone, body: 'Your order is ready' })),
    );
    await expect(h.worker({ maxBatch: 1 }).runUntilIdle()).rejects.toMatchObject({ code: 'insufficient_balance' });
    expect(statesOf(await allRows(h.store.db))).toEqual({ accepted: 2, queued: 2 });
    expect(await readAccountHold(h.store.db)).toMatchObject({ code: 'insufficient_balance' });
  });
});
