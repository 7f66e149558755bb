import { describe, expect, it } from 'vitest';
import { bulkItem, call, fakeClock, sendBulk, sendOne, simulators } from './test-support/http.js';

const start = simulators();

describe('admin endpoints', () => {
  it('refuse a caller without the token with HTTP 401, whatever the path', async () => {
    const sim = await start();
    for (const [path, body] of [
      ['/__simulator/messages', undefined],
      ['/__simulator/inbound', { from: '923001234567', message: 'hi' }],
      ['/__simulator/faults', [{ kind: 'http_503' }]],
      ['/__simulator/options', { latencyMs: 5 }],
      ['/__simulator/reset', {}],
      ['/__simulator/stats', undefined],
    ] as const) {
      const answer = await call(sim, path, { body, token: 'wrong-token' });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ status: 'error', message: 'Unauthenticated.', data: null });
    }
    expect(sim.records()).toHaveLength(0);
    expect((await call(sim, 'sms')).status).toBe(200);
  });

  it('POST /__simulator/inbound stores a customer message and answers its record', async () => {
    const sim = await start();
    const answer = await call(sim, '/__simulator/inbound', { body: { from: '923001234567', message: 'STOP' } });
    expect(answer.status).toBe(200);
    expect(answer.json.data).toMatchObject({ from: '923001234567', message: 'STOP', send_by: 'to' });
    expect(sim.records()).toEqual([answer.json.data]);
  });

  it('POST /__simulator/inbound refuses a bad message with HTTP 400 naming the field', async () => {
    const sim = await start();
    const answer = await call(sim, '/__simulator/inbound', { body: { from: 'abc', message: 'STOP' } });
    expect(answer.status).toBe(400);
    expect(answer.json.message).toMatch(/Inbound "from"/);
  });

  it('GET /__simulator/messages lists every record oldest first with statuses as of now', async () => {
    const clock = fakeClock();
    const sim = await start({ now: clock.now, deliveryDelayMs: 100 });
    await sendOne(sim, '923001234560', 'first');
    await sendOne(sim, '923001234561', 'second');
    clock.advance(100);
    const answer = await call(sim, '/__simulator/messages');
    expect(answer.json.data.map((r: { message: string; status: string }) => [r.message, r.status])).toEqual([
      ['first', 'Undelivered'],
      ['second', 'Delivered'],
    ]);
    expect(answer.json.data).toEqual(sim.records());
  });

  it('POST /__simulator/faults queues rules and refuses bad ones with HTTP 400', async () => {
    const sim = await start();
    expect((await call(sim, '/__simulator/faults', { body: [{ kind: 'http_502', on: 'list' }] })).status).toBe(200);
    expect((await call(sim, 'sms')).status).toBe(502);
    const bad = await call(sim, '/__simulator/faults', { body: [{ kind: 'meteor' }] });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/Fault rule 0: kind/);
    expect((await call(sim, '/__simulator/faults', { body: { kind: 'http_502' } })).status).toBe(400);
  });

  it('DELETE /__simulator/faults clears queued rules', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'http_502', times: 3 });
    expect((await call(sim, '/__simulator/faults', { method: 'DELETE' })).status).toBe(200);
    expect((await call(sim, 'sms')).status).toBe(200);
  });

  it('POST /__simulator/options changes behaviour; null switches a limit off', async () => {
    const sim = await start({ balance: 0 });
    expect((await sendOne(sim, '923001234567')).status).toBe(403);
    expect((await call(sim, '/__simulator/options', { body: { balance: null, bulkAnswer: 'count' } })).status).toBe(200);
    expect((await sendBulk(sim, [bulkItem(923001234567)])).json.data).toEqual({ total: 1 });
  });

  it.each([
    [{ errorRate: 2 }, /errorRate must be between 0 and 1/],
    [{ bulkAnswer: 'xml' }, /bulkAnswer/],
    [{ latencyMs: 'slow' }, /latencyMs/],
    [{ latencyMS: 5 }, /latencyMS is not a simulator option/],
    [{ now: 5 }, /now/],
    [{ echoAuthorization: 'yes' }, /echoAuthorization must be true or false/],
    [[1, 2], /must be an object/],
  ])('POST /__simulator/options refuses %j with HTTP 400 naming the option', async (body, message) => {
    const sim = await start();
    const answer = await call(sim, '/__simulator/options', { body });
    expect(answer.status).toBe(400);
    expect(answer.json.message).toMatch(message);
  });

  it('POST /__simulator/reset forgets records, faults and stats', async () => {
    const sim = await start();
    await sendOne(sim, '923001234567');
    sim.injectFaults({ kind: 'http_502', times: 5 });
    expect((await call(sim, '/__simulator/reset', { body: {} })).status).toBe(200);
    expect(sim.records()).toHaveLength(0);
    expect(sim.stats()).toEqual({
      requests: 0,
      byOperation: {},
      answered429: 0,
      throttled: 0,
      throttledByOperation: {},
      faultsApplied: 0,
      cut: 0,
    });
    expect((await call(sim, 'sms')).json.data.total).toBe(0);
  });

  it('GET /__simulator/stats answers the counters, not counting admin calls', async () => {
    const sim = await start();
    await sendOne(sim, '923001234567');
    await call(sim, 'sms');
    await call(sim, 'nothing-here');
    const stats = (await call(sim, '/__simulator/stats')).json.data;
    expect(stats).toEqual({
      requests: 3,
      byOperation: { send: 1, list: 1, unknown: 1 },
      answered429: 0,
      throttled: 0,
      throttledByOperation: {},
      faultsApplied: 0,
      cut: 0,
    });
  });

  it('see no faults, latency or throttle', async () => {
    const sim = await start({ errorRate: 1, rateLimit: 1 });
    sim.injectFaults({ kind: 'cut_before_accept', times: 10 });
    for (let i = 0; i < 3; i++) expect((await call(sim, '/__simulator/messages')).status).toBe(200);
  });
});
