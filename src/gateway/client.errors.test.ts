import { describe, expect, it } from 'vitest';
import { Secret } from '../config/index.js';
import { clientOf, closedPort, errorOf, thrownBy, phone, recordingSleep, useSimulators } from './test-support/simulated-gateway.js';

const start = useSimulators();

const sms = { to: phone(1), message: 'Salaam from the cafe' };

describe('gateway errors, by code', () => {
  it('auth: a bad token is refused by the HTTP 200 "Unauthenticated." envelope', async () => {
    const sim = await start();
    const client = clientOf(sim, { token: new Secret('wrong-token') });
    const outcome = await client.send(sms);
    expect(outcome.outcome).toBe('rejected');
    expect(errorOf(outcome)).toMatchObject({ code: 'auth', httpStatus: 200, gatewayMessage: 'Unauthenticated.' });
    expect(errorOf(outcome).message).toMatch(/SMSAPP_API_TOKEN/);
    await expect(client.list()).rejects.toMatchObject({ code: 'auth' });
    expect(sim.records()).toHaveLength(0);
  });

  it('auth: the unauthenticated fault reads the same', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'unauthenticated', on: 'get' });
    await expect(clientOf(sim).get('606812e63f78b')).rejects.toMatchObject({ code: 'auth' });
  });

  it('validation: a missing sender id', async () => {
    const sim = await start();
    const outcome = await clientOf(sim, { senderId: '' }).send(sms);
    expect(outcome.outcome).toBe('rejected');
    expect(errorOf(outcome).code).toBe('validation');
    expect(errorOf(outcome).gatewayMessage).toMatch(/sender.id.*required/i);
  });

  it('insufficient_balance: single send and a whole bulk call', async () => {
    const sim = await start({ balance: 0 });
    const client = clientOf(sim);
    const single = await client.send(sms);
    expect(single.outcome).toBe('rejected');
    expect(errorOf(single)).toMatchObject({ code: 'insufficient_balance', httpStatus: 403 });
    const bulk = await client.sendBatch([sms, { to: phone(2), message: 'two' }]);
    expect(bulk.map((o) => o.outcome)).toEqual(['rejected', 'rejected']);
    expect(bulk.map((o) => errorOf(o).code)).toEqual(['insufficient_balance', 'insufficient_balance']);
    expect(sim.records()).toHaveLength(0);
  });

  it('rate_limited: still throttled after every attempt → rejected, having waited Retry-After each time', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'http_429', on: 'send', times: 3, retryAfterSeconds: 2 });
    const { delays, sleep } = recordingSleep();
    const outcome = await clientOf(sim, { maxAttempts: 3, sleep, now: () => 1_000 }).send(sms);
    expect(outcome.outcome).toBe('rejected');
    expect(errorOf(outcome)).toMatchObject({ code: 'rate_limited', httpStatus: 429, retryAfterMs: 2000 });
    expect(delays).toEqual([2000, 2000]);
    expect(sim.stats().answered429).toBe(3);
    expect(sim.records()).toHaveLength(0);
  });

  it('refused: a blacklisted number', async () => {
    const sim = await start({ blacklist: [phone(1)] });
    const error = errorOf(await clientOf(sim).send(sms));
    expect(error).toMatchObject({ code: 'refused', httpStatus: 403, gatewayMessage: 'Number contains in the blacklist' });
    expect(error.message).toBe('The gateway refused the request: Number contains in the blacklist (HTTP 403)');
  });

  it('refused: a sender id the gateway has not authorised', async () => {
    const sim = await start();
    const error = errorOf(await clientOf(sim, { senderId: 'Other Cafe' }).send(sms));
    expect(error.code).toBe('refused');
    expect(error.gatewayMessage).toMatch(/Originator Other Cafe is not authorized/);
  });

  it('not_found: an unknown uid', async () => {
    const sim = await start();
    const error = await thrownBy(clientOf(sim).get('0000000000000'));
    expect(error).toMatchObject({ code: 'not_found', gatewayMessage: 'SMS Info not found' });
    expect(sim.stats().byOperation.get).toBe(1);
  });

  it('invalid_input: get without a uid and list with a bad page, without a call', async () => {
    const sim = await start();
    await expect(clientOf(sim).get(' ')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(clientOf(sim).list({ page: 0 })).rejects.toMatchObject({ code: 'invalid_input', input: '0' });
    await expect(clientOf(sim).list({ page: 1.5 })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(sim.stats().requests).toBe(0);
  });

  it('server: a 500 on a read is retried, and stands after the last attempt', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'http_500', on: 'list', times: 2 });
    const error = await thrownBy(clientOf(sim, { maxAttempts: 2 }).list());
    expect(error).toMatchObject({ code: 'server', httpStatus: 500 });
    expect(sim.stats().byOperation.list).toBe(2);
  });

  it('network: a closed port, on a send (rejected: nothing went out) and on a read (thrown)', async () => {
    const port = await closedPort();
    const client = clientOf({ url: `http://127.0.0.1:${port}/api/v3/` }, { maxAttempts: 2 });
    const error = errorOf(await client.send(sms));
    expect(error).toMatchObject({ code: 'network', requestSent: false, details: { networkCode: 'ECONNREFUSED' } });
    expect(error.message).toContain(`127.0.0.1:${port}`);
    await expect(client.get('606812e63f78b')).rejects.toMatchObject({ code: 'network' });
  });

  it('network: a base URL that is not a URL is a config error at creation', () => {
    expect(() => clientOf({ url: 'not a url' })).toThrow(expect.objectContaining({ code: 'config' }));
    expect(() => clientOf({ url: 'ftp://example.com/api/v3/' })).toThrow(expect.objectContaining({ code: 'config' }));
  });

  it('invalid options are named', async () => {
    const sim = await start();
    expect(() => clientOf(sim, { concurrency: 0 })).toThrow(/concurrency/);
    expect(() => clientOf(sim, { timeoutMs: -1 })).toThrow(/timeoutMs/);
  });

  it('timeout: a slow answer, on a read', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'delay', on: 'get', delayMs: 500, times: 2 });
    const error = await thrownBy(clientOf(sim, { timeoutMs: 50, maxAttempts: 2 }).get('0000000000000'));
    expect(error).toMatchObject({ code: 'timeout', requestSent: true });
    expect(error.message).toMatch(/did not answer within 50 ms/);
    expect(sim.stats().byOperation.get).toBe(2);
  });

  it('bad_response: a body that is not JSON', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'not_json', on: 'get' });
    const error = await thrownBy(clientOf(sim).get('0000000000000'));
    expect(error).toMatchObject({ code: 'bad_response', httpStatus: 200, details: { body: 'OK' } });
  });

  it("bad_response: a proxy's HTML page with status 200", async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'html_200', on: 'list' });
    const error = await thrownBy(clientOf(sim).list());
    expect(error.code).toBe('bad_response');
    expect(String(error.details?.body)).toMatch(/<html/i);
    expect(error.message).toMatch(/not its JSON envelope \(text\/html/);
  });

  it('bad_response: a success envelope of an unexpected shape, on reads', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'unexpected_shape', on: 'list' }, { kind: 'unexpected_shape', on: 'get' });
    const client = clientOf(sim);
    const sent = await client.send(sms);
    if (sent.outcome !== 'accepted' || sent.uid === undefined) throw new Error('send failed');
    await expect(client.list()).rejects.toMatchObject({ code: 'bad_response' });
    await expect(client.get(sent.uid)).rejects.toMatchObject({ code: 'bad_response', input: sent.uid });
  });
});

describe('sends that cannot be read back', () => {
  it('not_json on a send → unknown (the request went out; it may have been processed)', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'not_json', on: 'send' });
    const outcome = await clientOf(sim).send(sms);
    expect(outcome.outcome).toBe('unknown');
    expect(errorOf(outcome).code).toBe('bad_response');
    expect(sim.stats().byOperation.send).toBe(1);
  });

  it('unexpected_shape on a send → accepted without uid; the message is stored', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'unexpected_shape', on: 'send' });
    const outcome = await clientOf(sim).send(sms);
    expect(outcome).toEqual({ outcome: 'accepted', uid: undefined, status: undefined, record: undefined });
    expect(sim.sentTo(phone(1))).toHaveLength(1);
  });

  it('unexpected_shape on a bulk call → every item accepted without uid', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'unexpected_shape', on: 'bulk' });
    const outcomes = await clientOf(sim).sendBatch([sms, { to: phone(2), message: 'two' }]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['accepted', 'accepted']);
    expect(sim.outbound()).toHaveLength(2);
  });
});
