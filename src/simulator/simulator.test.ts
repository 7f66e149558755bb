import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { startSimulator } from './index.js';
import { bulkItem, call, sendBulk, sendOne, simulators, TOKEN } from './test-support/http.js';

const start = simulators();

async function rejection(promise: Promise<unknown>): Promise<CafeError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CafeError);
  return error as CafeError;
}

describe('startSimulator', () => {
  it('listens on 127.0.0.1 and a free port, with a URL ending in /api/v3/', async () => {
    const sim = await start();
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3\/$/);
    expect(sim.url).not.toMatch(/:0\//);
    expect(sim.token).toBe(TOKEN);
  });

  it('refuses to start without a token', async () => {
    const error = await rejection(startSimulator({ token: ' ' }));
    expect(error.code).toBe('invalid_input');
    expect(error.input).toBe('token');
  });

  it.each([
    [{ port: 70000 }, 'port'],
    [{ errorRate: -0.1 }, 'errorRate'],
    [{ cutRate: 1.5 }, 'cutRate'],
    [{ rateLimit: 0 }, 'rateLimit'],
    [{ perPage: 0 }, 'perPage'],
    [{ senderIds: [] }, 'senderIds'],
    [{ deliveryDelayMs: 1.5 }, 'deliveryDelayMs'],
    [{ balance: -1 }, 'balance'],
    [{ seed: 0.5 }, 'seed'],
  ])('refuses %j with an invalid_input error naming the option', async (options, name) => {
    const error = await rejection(startSimulator({ token: TOKEN, ...options }));
    expect(error.code).toBe('invalid_input');
    expect(error.input).toBe(name);
    expect(error.message).toContain(name);
  });

  it('answers a config error when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as { port: number }).port;
      const error = await rejection(startSimulator({ token: TOKEN, port }));
      expect(error.code).toBe('config');
      expect(error.message).toContain(String(port));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('can be closed twice', async () => {
    const sim = await startSimulator({ token: TOKEN });
    await sim.close();
    await sim.close();
    await expect(call(sim, 'sms')).rejects.toThrow();
  });
});

describe('the in-process controls', () => {
  it('setOptions refuses a bad value and keeps the old settings', async () => {
    const sim = await start({ perPage: 3 });
    expect(() => sim.setOptions({ perPage: -1 })).toThrow(/perPage/);
    for (let i = 0; i < 4; i++) await sendOne(sim, '923001234567');
    expect((await call(sim, 'sms')).json.data.per_page).toBe(3);
  });

  it('setOptions changes the sender ids, the first being the bulk sender', async () => {
    const sim = await start();
    sim.setOptions({ senderIds: ['CafeDR', 'Cafe de Revenue'] });
    expect((await sendBulk(sim, [bulkItem(923001000001)])).json.data[0].from).toBe('CafeDR');
    expect((await sendOne(sim, '923001234567', 'hi', 'Cafe de Revenue')).json.status).toBe('success');
  });

  it('gives the same uids run after run for the same seed and clock, and reset() starts the sequence again', async () => {
    const uids = async (sim: Awaited<ReturnType<typeof start>>) => {
      const out: string[] = [];
      for (let i = 0; i < 3; i++) out.push((await sendOne(sim, '923001234567')).json.data.uid);
      return out;
    };
    const clock = () => Date.UTC(2026, 10, 26, 5, 0, 0);
    const first = await uids(await start({ seed: 7, now: clock }));
    const second = await start({ seed: 7, now: clock });
    expect(await uids(second)).toEqual(first);
    second.reset();
    expect(await uids(second)).toEqual(first);
    expect(await uids(await start({ seed: 8, now: clock }))).not.toEqual(first);
  });

  it('bases uids on the current time, so a simulator started later repeats none of an earlier one', async () => {
    const uids = async (sim: Awaited<ReturnType<typeof start>>) => {
      const out: string[] = [];
      for (let i = 0; i < 3; i++) out.push((await sendOne(sim, '923001234567')).json.data.uid);
      return out;
    };
    const before = Math.floor(Date.now() / 1000);
    const first = await uids(await start());
    expect(parseInt(first[0]!.slice(0, 8), 16)).toBeGreaterThanOrEqual(before);
    expect(parseInt(first[0]!.slice(0, 8), 16)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    const second = await uids(await start());
    expect(second.filter((uid) => first.includes(uid))).toEqual([]);
  });

  it('reset() restores the balance last set', async () => {
    const sim = await start({ balance: 1 });
    await sendOne(sim, '923001234567');
    expect((await sendOne(sim, '923001234567')).status).toBe(403);
    sim.reset();
    expect((await sendOne(sim, '923001234567')).status).toBe(200);
  });

  it('stats() counts calls per operation and is a snapshot', async () => {
    const sim = await start();
    const before = sim.stats();
    await sendOne(sim, '923001234567');
    await sendBulk(sim, [bulkItem(923001000001)]);
    await call(sim, 'sms');
    await call(sim, 'sms/606812e63f78b');
    expect(before.requests).toBe(0);
    expect(sim.stats()).toEqual({
      requests: 4,
      byOperation: { send: 1, bulk: 1, list: 1, get: 1 },
      answered429: 0,
      throttled: 0,
      throttledByOperation: {},
      faultsApplied: 0,
      cut: 0,
    });
  });

  it('sentTo() takes the number with or without "+"', async () => {
    const sim = await start();
    await sendOne(sim, '923001234567');
    await sendOne(sim, '923001234568');
    expect(sim.sentTo('+923001234567')).toHaveLength(1);
    expect(sim.sentTo('923001234568')).toHaveLength(1);
  });
});
