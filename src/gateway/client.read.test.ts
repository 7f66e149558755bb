import { describe, expect, it } from 'vitest';
import type { MessageRecord } from './index.js';
import { clientOf, phone, useSimulators } from './test-support/simulated-gateway.js';

const start = useSimulators();

async function collect(iterable: AsyncIterable<MessageRecord>): Promise<MessageRecord[]> {
  const out: MessageRecord[] = [];
  for await (const record of iterable) out.push(record);
  return out;
}

describe('get', () => {
  it('reads a record back, its state following delivery', async () => {
    let clock = Date.parse('2024-06-01T09:00:00Z');
    const sim = await start({ now: () => clock, deliveryDelayMs: 1000 });
    const client = clientOf(sim);
    const delivered = await client.send({ to: '923001234567', message: 'hi' });
    const undelivered = await client.send({ to: '923001234560', message: 'hi' });
    const expired = await client.send({ to: '923001234569', message: 'hi' });
    const uids = [delivered, undelivered, expired].map((o) => (o.outcome === 'accepted' ? o.uid : undefined));
    if (uids.some((uid) => uid === undefined)) throw new Error('a send failed');

    const before = await client.get(uids[0] as string);
    expect(before).toMatchObject({ uid: uids[0], status: 'Enroute', state: 'pending', direction: 'outbound', to: '923001234567' });

    clock += 1001;
    const after = await Promise.all(uids.map((uid) => client.get(uid as string)));
    expect(after.map((r) => [r.status, r.state])).toEqual([
      ['Delivered', 'delivered'],
      ['Undelivered', 'failed'],
      ['Expired', 'failed'],
    ]);
  });
});

describe('list', () => {
  it('reads a page of the paginator, newest first, with inbound messages', async () => {
    const sim = await start({ perPage: 2 });
    const client = clientOf(sim);
    await client.send({ to: phone(1), message: 'first' });
    await client.send({ to: phone(2), message: 'second' });
    sim.injectInbound({ from: phone(3), message: 'STOP' });
    const page1 = await client.list();
    expect(page1).toMatchObject({ currentPage: 1, lastPage: 2, perPage: 2, total: 3 });
    expect(page1.nextPageUrl).toMatch(/\?page=2$/);
    expect(page1.records.map((r) => [r.message, r.direction])).toEqual([
      ['STOP', 'inbound'],
      ['second', 'outbound'],
    ]);
    const page2 = await client.list({ page: 2 });
    expect(page2).toMatchObject({ currentPage: 2, nextPageUrl: undefined });
    expect(page2.records.map((r) => r.message)).toEqual(['first']);
    const beyond = await client.list({ page: 9 });
    expect(beyond.records).toEqual([]);
  });
});

describe('listAll', () => {
  it('yields every record once, following next_page_url', async () => {
    const sim = await start({ perPage: 4 });
    const client = clientOf(sim);
    await client.sendBulk(Array.from({ length: 10 }, (_, i) => ({ to: phone(i), message: `m${i}` })));
    const asked: string[] = [];
    const watching = clientOf(sim, {
      fetch: (input, init) => {
        asked.push(String(input));
        return fetch(input, init);
      },
    });
    const records = await collect(watching.listAll());
    expect(records.map((r) => r.uid).sort()).toEqual(
      sim
        .records()
        .map((r) => r.uid)
        .sort(),
    );
    expect(asked.map((url) => new URL(url).search)).toEqual(['?page=1', '?page=2', '?page=3']);
  });

  it('misses none of the records present at the start, and repeats none, while messages arrive', async () => {
    const sim = await start({ perPage: 5 });
    const client = clientOf(sim);
    await client.sendBulk(Array.from({ length: 23 }, (_, i) => ({ to: phone(i), message: `before ${i}` })));
    const atStart = new Set(sim.records().map((r) => r.uid));
    const seen: string[] = [];
    let arrivals = 0;
    for await (const record of client.listAll()) {
      seen.push(record.uid ?? 'none');
      // After each page's worth, new messages land at the top and push the rest down a page.
      if (seen.length % 5 === 0) {
        arrivals += 1;
        sim.injectInbound({ from: phone(100 + arrivals), message: `reply ${arrivals}` });
        await client.send({ to: phone(200 + arrivals), message: `after ${arrivals}` });
        await client.send({ to: phone(300 + arrivals), message: `after too ${arrivals}` });
      }
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const uid of atStart) expect(seen).toContain(uid);
  });

  it('stops early with stopWhen, reading no further pages', async () => {
    const sim = await start({ perPage: 3 });
    const client = clientOf(sim);
    await client.sendBulk(Array.from({ length: 9 }, (_, i) => ({ to: phone(i), message: `m${i}` })));
    const newest = await client.list();
    const third = newest.records[2]?.uid;
    const records = await collect(client.listAll({ stopWhen: (r) => r.uid === third }));
    expect(records.map((r) => r.uid)).toEqual(newest.records.slice(0, 2).map((r) => r.uid));
    expect(sim.stats().byOperation.list).toBe(2);
  });

  it('stops on an empty list', async () => {
    const sim = await start();
    expect(await collect(clientOf(sim).listAll())).toEqual([]);
    expect(sim.stats().byOperation.list).toBe(1);
  });

  it('throws the CafeError of a page that fails', async () => {
    const sim = await start({ perPage: 2 });
    const client = clientOf(sim);
    await client.sendBulk(Array.from({ length: 5 }, (_, i) => ({ to: phone(i), message: `m${i}` })));
    sim.injectFaults({ kind: 'unauthenticated', on: 'list' });
    await expect(collect(client.listAll())).rejects.toMatchObject({ code: 'auth' });
  });
});
