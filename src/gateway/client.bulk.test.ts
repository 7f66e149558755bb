import { describe, expect, it } from 'vitest';
import type { SimRecord, Simulator } from '../simulator/index.js';
import type { OutgoingSms, SendOutcome } from './index.js';
import { clientOf, phone, useSimulators } from './test-support/simulated-gateway.js';

const start = useSimulators();

function itemsOf(count: number): OutgoingSms[] {
  return Array.from({ length: count }, (_, i) => ({ to: phone(i), message: `Order ${i} is ready` }));
}

/** Each outcome's uid names the simulator record of exactly its own item, and each item is stored once. */
function expectMatchedInOrder(sim: Simulator, items: OutgoingSms[], outcomes: SendOutcome[]): void {
  expect(outcomes).toHaveLength(items.length);
  const byUid = new Map<string, SimRecord>(sim.outbound().map((r) => [r.uid, r]));
  expect(byUid.size).toBe(items.length);
  outcomes.forEach((outcome, i) => {
    if (outcome.outcome !== 'accepted' || outcome.uid === undefined) throw new Error(`item ${i}: ${JSON.stringify(outcome)}`);
    const stored = byUid.get(outcome.uid);
    expect({ to: stored?.to, message: stored?.message }).toEqual({ to: items[i]?.to, message: items[i]?.message });
  });
}

describe('sendBulk chunking', () => {
  it.each([1, 50, 51])('%i items: outcomes in input order, one stored message each', async (count) => {
    const sim = await start();
    const items = itemsOf(count);
    const outcomes = await clientOf(sim).sendBulk(items);
    expectMatchedInOrder(sim, items, outcomes);
    expect(sim.stats().byOperation.bulk).toBe(Math.ceil(count / 50));
  });

  it('10,000 items in 200 calls, matched although every answer is shuffled', async () => {
    const sim = await start();
    const items = itemsOf(10_000);
    const progress: number[] = [];
    const outcomes = await clientOf(sim, { concurrency: 4 }).sendBulk(items, {
      onProgress: (done, total) => {
        expect(total).toBe(10_000);
        progress.push(done);
      },
    });
    expectMatchedInOrder(sim, items, outcomes);
    expect(sim.stats().byOperation.bulk).toBe(200);
    expect(progress).toHaveLength(200);
    expect(progress.at(-1)).toBe(10_000);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it.each(['count', 'message'] as const)("bulkAnswer '%s' → every item accepted without uid", async (bulkAnswer) => {
    const sim = await start({ bulkAnswer });
    const items = itemsOf(60);
    const outcomes = await clientOf(sim).sendBulk(items);
    expect(outcomes).toHaveLength(60);
    for (const outcome of outcomes) expect(outcome).toEqual({ outcome: 'accepted', uid: undefined, status: undefined, record: undefined });
    expect(sim.outbound()).toHaveLength(60);
  });

  it('never has more calls in flight than the concurrency', async () => {
    const sim = await start({ latencyMs: 15 });
    let inFlight = 0;
    let most = 0;
    const countingFetch: typeof fetch = async (input, init) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await fetch(input, init);
      } finally {
        inFlight -= 1;
      }
    };
    const outcomes = await clientOf(sim, { concurrency: 3, fetch: countingFetch }).sendBulk(itemsOf(500));
    expect(outcomes.every((o) => o.outcome === 'accepted')).toBe(true);
    expect(most).toBe(3);
  });
});

describe('per-item answers', () => {
  it('a blacklisted item is rejected, the others accepted', async () => {
    const items = itemsOf(5);
    const sim = await start({ blacklist: [phone(1), phone(3)] });
    const outcomes = await clientOf(sim).sendBatch(items);
    expect(outcomes.map((o) => o.outcome)).toEqual(['accepted', 'rejected', 'accepted', 'rejected', 'accepted']);
    expect(outcomes[1]).toMatchObject({ error: { code: 'refused', gatewayMessage: 'Number contains in the blacklist' } });
    expect(sim.outbound().filter((r) => r.status !== 'Number contains in the blacklist')).toHaveLength(3);
  });

  it('duplicate (number, text) pairs are each accepted with their own uid', async () => {
    const sim = await start();
    const same = { to: phone(7), message: 'Two for one today' };
    const items = [same, { to: phone(8), message: 'other' }, same, same];
    const outcomes = await clientOf(sim).sendBatch(items);
    expectMatchedInOrder(sim, items, outcomes);
    const uids = outcomes.map((o) => (o.outcome === 'accepted' ? o.uid : undefined));
    expect(new Set(uids).size).toBe(4);
  });

  it('a whole-call refusal gives every item of that call the same outcome', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'http_500', on: 'bulk' });
    const outcomes = await clientOf(sim, { concurrency: 1 }).sendBulk(itemsOf(60));
    expect(outcomes.slice(0, 50).every((o) => o.outcome === 'unknown' && o.error.code === 'server')).toBe(true);
    expect(outcomes.slice(50).every((o) => o.outcome === 'accepted')).toBe(true);
  });
});
