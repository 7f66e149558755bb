import { describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { bulkItem, call, fakeClock, sendBulk, sendOne, simulators } from './test-support/http.js';

const start = simulators();

describe('injected faults answered without processing', () => {
  it.each([
    ['http_500', 500, /application\/json/, '{"message":"Server Error"}'],
    ['http_502', 502, /text\/html/, '502 Bad Gateway'],
    ['http_503', 503, /text\/html/, '503 Service Temporarily Unavailable'],
    ['http_504', 504, /text\/html/, '504 Gateway Time-out'],
    ['html_200', 200, /text\/html/, '<html>'],
    ['not_json', 200, /text\/plain/, 'OK'],
  ] as const)('%s answers HTTP %i and stores nothing', async (kind, status, contentType, text) => {
    const sim = await start();
    sim.injectFaults({ kind });
    const answer = await sendOne(sim, '923001234567');
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toMatch(contentType);
    expect(answer.text).toContain(text);
    expect(answer.json?.status).toBeUndefined();
    expect(sim.records()).toHaveLength(0);
    // One call only: the next one goes through.
    expect((await sendOne(sim, '923001234567')).json.status).toBe('success');
    expect(sim.stats().faultsApplied).toBe(1);
  });

  it('http_429 answers 429 with Retry-After from the rule (1 s by default)', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'http_429', retryAfterSeconds: 7 }, { kind: 'http_429' });
    const first = await sendOne(sim, '923001234567');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.json).toEqual({ status: 'error', message: 'Too Many Attempts.', data: null });
    expect((await sendOne(sim, '923001234567')).headers.get('retry-after')).toBe('1');
    expect(sim.records()).toHaveLength(0);
    expect(sim.stats().answered429).toBe(2);
  });

  it('throttle_envelope answers HTTP 200 "Too Many Attempts." without Retry-After', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'throttle_envelope' });
    const answer = await sendBulk(sim, [bulkItem(923001234567)]);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('retry-after')).toBeNull();
    expect(answer.json).toEqual({ status: 'error', message: 'Too Many Attempts.', data: null });
    expect(sim.records()).toHaveLength(0);
  });

  it('unauthenticated answers as a bad token would, JSON or HTML', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'unauthenticated', times: 2 });
    expect((await call(sim, 'sms')).json).toEqual({ status: 'error', message: 'Unauthenticated.', data: null });
    expect((await call(sim, 'sms', { accept: null })).status).toBe(401);
    expect((await call(sim, 'sms')).json.status).toBe('success');
  });
});

describe('injected faults that cut the connection', () => {
  it('cut_before_accept drops the connection and stores nothing', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'cut_before_accept' });
    await expect(sendOne(sim, '923001234567')).rejects.toThrow();
    expect(sim.records()).toHaveLength(0);
    expect(sim.stats().cut).toBe(1);
  });

  it('cut_after_accept stores the messages and then drops the connection', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'cut_after_accept', on: 'bulk' });
    await expect(sendBulk(sim, [bulkItem(923001000001), bulkItem(923001000002)])).rejects.toThrow();
    expect(sim.outbound().map((r) => r.to)).toEqual(['923001000001', '923001000002']);
    expect(sim.stats().cut).toBe(1);
  });
});

describe('injected faults on processed calls', () => {
  it('unexpected_shape stores a single send and answers a string as data', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'unexpected_shape' });
    const answer = await sendOne(sim, '923001234567');
    expect(answer.json).toEqual({ status: 'success', message: null, data: 'sms reports with all details' });
    expect(sim.records()).toHaveLength(1);
  });

  it('unexpected_shape stores a bulk send and answers an unknown object as data', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'unexpected_shape', on: 'bulk' });
    expect((await sendBulk(sim, [bulkItem(923001000001)])).json.data).toEqual({ foo: 1 });
    expect(sim.records()).toHaveLength(1);
  });

  it('unexpected_shape leaves a failure as it is', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'unexpected_shape' });
    expect((await call(sim, 'sms/unknownuid0000')).json.message).toBe('SMS Info not found');
  });

  it('delay holds the answer back: a client that gives up finds the message stored', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'delay', delayMs: 10_000 });
    await expect(
      call(sim, 'sms/send', {
        body: { recipient: '923001234567', sender_id: 'Cafe de Revenue', message: 'hi' },
        signal: AbortSignal.timeout(50),
      }),
    ).rejects.toThrow();
    expect(sim.records()).toHaveLength(1);
  });

  it('delay answers normally once the delay is over', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'delay', delayMs: 30, on: 'list' });
    const started = performance.now();
    const answer = await call(sim, 'sms');
    expect(answer.json.status).toBe('success');
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });
});

describe('fault rules', () => {
  it('apply only to the operation named in on, in the order injected, times calls each', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'http_503', on: 'send', times: 2 }, { kind: 'http_502' });
    expect((await call(sim, 'sms')).status).toBe(502);
    expect((await sendOne(sim, '923001234567')).status).toBe(503);
    expect((await call(sim, 'sms')).status).toBe(200);
    expect((await sendOne(sim, '923001234567')).status).toBe(503);
    expect((await sendOne(sim, '923001234567')).status).toBe(200);
    expect(sim.stats().faultsApplied).toBe(3);
  });

  it('are forgotten by clearFaults', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'http_500', times: 5 });
    sim.clearFaults();
    expect((await call(sim, 'sms')).status).toBe(200);
  });

  it.each([
    [{ kind: 'http_418' }, /kind/],
    [{ kind: 'delay', delayMs: -1 }, /delayMs/],
    [{ kind: 'http_503', times: 0 }, /times/],
    [{ kind: 'http_503', on: 'everything' }, /on/],
    [{ kind: 'http_503', often: true }, /often is not a fault rule field/],
  ])('refuses a bad rule %j with an invalid_input error naming the field', async (rule, message) => {
    const sim = await start();
    let caught: unknown;
    try {
      sim.injectFaults(rule as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CafeError);
    expect((caught as CafeError).code).toBe('invalid_input');
    expect((caught as CafeError).message).toMatch(message);
  });

  it('take precedence over random faults and the rate limit', async () => {
    const sim = await start({ errorRate: 1 });
    sim.injectFaults({ kind: 'http_502' });
    expect((await call(sim, 'sms')).status).toBe(502);
    expect((await call(sim, 'sms')).status).toBe(503);
  });
});

describe('random faults', () => {
  it('errorRate 1 answers every call 503 before processing', async () => {
    const sim = await start({ errorRate: 1 });
    for (const answer of [await sendOne(sim, '923001234567'), await sendBulk(sim, [bulkItem(923001000001)]), await call(sim, 'sms')]) {
      expect(answer.status).toBe(503);
    }
    expect(sim.records()).toHaveLength(0);
    expect(sim.stats().faultsApplied).toBe(3);
  });

  it('errorRate draws the same sequence for the same seed', async () => {
    const statuses = async (seed: number) => {
      const sim = await start({ errorRate: 0.5, seed });
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await call(sim, 'sms')).status);
      return out;
    };
    const first = await statuses(42);
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await statuses(42)).toEqual(first);
    expect(await statuses(43)).not.toEqual(first);
  });

  it('cutRate 1 stores sends and bulk sends and cuts them, but leaves reads alone', async () => {
    const sim = await start({ cutRate: 1 });
    await expect(sendOne(sim, '923001234567')).rejects.toThrow();
    await expect(sendBulk(sim, [bulkItem(923001000001)])).rejects.toThrow();
    expect(sim.records()).toHaveLength(2);
    expect((await call(sim, 'sms')).json.data.total).toBe(2);
    expect(sim.stats().cut).toBe(2);
  });

  it('rateLimit answers 429 with Retry-After: 1 over the limit, and lets calls through once the second has passed', async () => {
    const clock = fakeClock();
    const sim = await start({ rateLimit: 2, now: clock.now });
    expect((await sendOne(sim, '923001234567')).status).toBe(200);
    clock.advance(500);
    expect((await call(sim, 'sms')).status).toBe(200);
    const limited = await sendOne(sim, '923001234567');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.json.message).toBe('Too Many Attempts.');
    clock.advance(500);
    // The first call has left the window; the refused one never counted.
    expect((await sendOne(sim, '923001234567')).status).toBe(200);
    expect((await call(sim, 'sms')).status).toBe(429);
    expect(sim.records()).toHaveLength(2);
    expect(sim.stats().answered429).toBe(2);
  });

  it('throttleAnswer http_200 refuses over the limit as the platform does: HTTP 200 "Too Many Attempts.", no Retry-After', async () => {
    const clock = fakeClock();
    const sim = await start({ rateLimit: 1, throttleAnswer: 'http_200', now: clock.now });
    expect((await sendOne(sim, '923001234567')).json.status).toBe('success');
    const limited = await sendOne(sim, '923001234568');
    expect(limited.status).toBe(200);
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(limited.json).toMatchObject({ status: 'error', message: 'Too Many Attempts.' });
    clock.advance(1000);
    expect((await sendOne(sim, '923001234569')).json.status).toBe('success');
    expect(sim.records()).toHaveLength(2);
    expect(sim.stats()).toMatchObject({ throttled: 1, throttledByOperation: { send: 1 }, answered429: 0 });
  });

  it('latencyMs holds back every API answer', async () => {
    const sim = await start({ latencyMs: 40 });
    const started = performance.now();
    await call(sim, 'sms');
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });

  it('close() ends answers still held back instead of waiting for them', async () => {
    const sim = await start({ latencyMs: 60_000 });
    const pending = call(sim, 'sms');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await sim.close();
    await expect(pending).rejects.toThrow();
  });
});
