import { describe, expect, it } from 'vitest';
import { clientOf, phone, recordingSleep, useSimulators } from './test-support/simulated-gateway.js';

const start = useSimulators();
const sms = { to: phone(1), message: 'Your order is ready' };

describe('retries that are safe', () => {
  it('503 then success → accepted, and exactly one stored message', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'http_503', on: 'send' });
    const outcome = await clientOf(sim).send(sms);
    expect(outcome.outcome).toBe('accepted');
    expect(sim.stats().byOperation.send).toBe(2);
    expect(sim.sentTo(phone(1))).toHaveLength(1);
  });

  it('502 on a bulk call then success → every item accepted once', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'http_502', on: 'bulk' });
    const outcomes = await clientOf(sim).sendBatch([sms, { to: phone(2), message: 'two' }]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['accepted', 'accepted']);
    expect(sim.outbound()).toHaveLength(2);
  });

  it('429 with Retry-After: waits what it asks, then succeeds', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'http_429', on: 'send', retryAfterSeconds: 3 });
    const { delays, sleep } = recordingSleep();
    const outcome = await clientOf(sim, { sleep, now: () => 50_000 }).send(sms);
    expect(outcome.outcome).toBe('accepted');
    expect(delays).toEqual([3000]);
    expect(sim.sentTo(phone(1))).toHaveLength(1);
  });

  it('a Retry-After longer than a minute is capped', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'http_429', on: 'get', retryAfterSeconds: 3600 });
    const { delays, sleep } = recordingSleep();
    await expect(clientOf(sim, { sleep, now: () => 0 }).get('0000000000000')).rejects.toMatchObject({ code: 'not_found' });
    expect(delays).toEqual([60_000]);
  });

  it('the "Too Many Attempts." envelope (no Retry-After): backoff, then success', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'throttle_envelope', on: 'send', times: 2 });
    const { delays, sleep } = recordingSleep();
    const outcome = await clientOf(sim, { sleep, now: () => 0, random: () => 0.5, retryBaseDelayMs: 100, retryMaxDelayMs: 1000 }).send(sms);
    expect(outcome.outcome).toBe('accepted');
    expect(delays).toEqual([50, 100]);
    expect(sim.sentTo(phone(1))).toHaveLength(1);
  });

  it('with retryThrottledSends false, a throttled send is answered at once as rate_limited (the worker paces itself)', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'throttle_envelope', on: 'bulk', times: 1 });
    const { delays, sleep } = recordingSleep();
    const client = clientOf(sim, { sleep, retryThrottledSends: false });
    const outcomes = await client.sendBatch([sms, { to: phone(2), message: 'two' }]);
    expect(outcomes.map((o) => o.outcome === 'rejected' && o.error.code)).toEqual(['rate_limited', 'rate_limited']);
    expect(sim.stats().byOperation.bulk).toBe(1);
    expect(delays).toEqual([]);
    expect(sim.outbound()).toHaveLength(0);
  });

  it('one throttled call makes every call of the client wait out the same cool-down', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'http_429', on: 'send', retryAfterSeconds: 2 });
    let clock = 10_000;
    const { delays, sleep } = recordingSleep();
    const client = clientOf(sim, { sleep, now: () => clock });
    const sent = await client.send(sms);
    expect(delays).toEqual([2000]);
    if (sent.outcome !== 'accepted' || sent.uid === undefined) throw new Error('send failed');
    // The clock has not moved: a call that was never throttled itself still waits.
    await client.get(sent.uid);
    expect(delays).toEqual([2000, 2000]);
    clock += 2000;
    await client.get(sent.uid);
    expect(delays).toEqual([2000, 2000]);
  });

  it('reads retry 500, 504, a cut connection and a timeout', async () => {
    const sim = await start();
    const sent = await clientOf(sim).send(sms);
    if (sent.outcome !== 'accepted' || sent.uid === undefined) throw new Error('send failed');
    sim.injectFaults(
      { kind: 'http_500', on: 'get' },
      { kind: 'http_504', on: 'get' },
      { kind: 'cut_before_accept', on: 'get' },
      { kind: 'delay', on: 'get', delayMs: 400 },
    );
    const record = await clientOf(sim, { timeoutMs: 100 }).get(sent.uid);
    expect(record.uid).toBe(sent.uid);
    expect(sim.stats().byOperation.get).toBe(5);
  });

  it('list retries a cut connection', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'cut_before_accept', on: 'list' });
    await expect(clientOf(sim).list()).resolves.toMatchObject({ currentPage: 1, records: [] });
    expect(sim.stats().byOperation.list).toBe(2);
  });
});

describe('sends that are not retried: the outcome is unknown', () => {
  it('cut after accept → unknown, and the simulator holds exactly one message', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'cut_after_accept', on: 'send' });
    const outcome = await clientOf(sim).send(sms);
    expect(outcome).toMatchObject({ outcome: 'unknown', error: { code: 'network', requestSent: true } });
    expect(sim.stats().byOperation.send).toBe(1);
    expect(sim.sentTo(phone(1))).toHaveLength(1);
  });

  it('cut after accept on a bulk call → every item unknown, each stored once', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'cut_after_accept', on: 'bulk' });
    const outcomes = await clientOf(sim).sendBatch([sms, { to: phone(2), message: 'two' }]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['unknown', 'unknown']);
    expect(sim.stats().byOperation.bulk).toBe(1);
    expect(sim.outbound()).toHaveLength(2);
  });

  it('a cut before the gateway processed it looks the same from here → unknown, not retried', async () => {
    // The client cannot tell the two cuts apart: both close the socket after the request was written.
    const sim = await start();
    sim.injectFaults({ kind: 'cut_before_accept', on: 'send' });
    const outcome = await clientOf(sim).send(sms);
    expect(outcome).toMatchObject({ outcome: 'unknown', error: { code: 'network' } });
    expect(sim.stats().byOperation.send).toBe(1);
    expect(sim.records()).toHaveLength(0);
  });

  it('500 on a send → unknown, one call', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'http_500', on: 'send' });
    const outcome = await clientOf(sim).send(sms);
    expect(outcome).toMatchObject({ outcome: 'unknown', error: { code: 'server', httpStatus: 500 } });
    expect(sim.stats().byOperation.send).toBe(1);
  });

  it('504 on a send → unknown, one call', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'http_504', on: 'send' });
    const outcome = await clientOf(sim).send(sms);
    expect(outcome).toMatchObject({ outcome: 'unknown', error: { code: 'server', httpStatus: 504 } });
    expect(sim.stats().byOperation.send).toBe(1);
  });

  it('timeout on a send → unknown, one call', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'delay', on: 'send', delayMs: 300 });
    const outcome = await clientOf(sim, { timeoutMs: 50 }).send(sms);
    expect(outcome).toMatchObject({ outcome: 'unknown', error: { code: 'timeout' } });
    expect(sim.stats().byOperation.send).toBe(1);
  });

  it('503 on every attempt → rejected (never processed), after maxAttempts calls', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'http_503', on: 'send', times: 3 });
    const outcome = await clientOf(sim, { maxAttempts: 3 }).send(sms);
    expect(outcome).toMatchObject({ outcome: 'rejected', error: { code: 'server', httpStatus: 503 } });
    expect(sim.stats().byOperation.send).toBe(3);
    expect(sim.records()).toHaveLength(0);
  });
});

describe("the caller's signal", () => {
  it('aborting during a call throws the reason promptly, with no retry', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'delay', on: 'send', delayMs: 1000 });
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 30);
    await expect(clientOf(sim).send(sms, { signal: controller.signal })).rejects.toBe(reason);
    // At most the one attempt (under load the abort may even beat the request to the simulator).
    expect(sim.stats().byOperation.send ?? 0).toBeLessThanOrEqual(1);
  });

  it('aborting during a backoff wait stops it', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'http_503', on: 'list', times: 5 });
    const controller = new AbortController();
    const client = clientOf(sim, { retryBaseDelayMs: 5_000, retryMaxDelayMs: 5_000, random: () => 1 });
    const pending = client.list({ signal: controller.signal });
    // Abort once the first attempt was answered, during the 5 s wait before the next (not on a timer: a busy machine is slow).
    while ((sim.stats().byOperation.list ?? 0) < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(sim.stats().byOperation.list).toBe(1);
  });

  it('an already aborted signal makes no call at all', async () => {
    const sim = await start();
    await expect(clientOf(sim).sendBulk([sms], { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(sim.stats().requests).toBe(0);
  });
});
