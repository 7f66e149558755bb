import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/index.js';
import { createLogger } from '../log/index.js';
import type { SendOutcome } from './index.js';
import { clientOf, closedPort, phone, TOKEN, useSimulators } from './test-support/simulated-gateway.js';

const start = useSimulators();
const sms = { to: phone(1), message: 'Salaam' };

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A misbehaving proxy that echoes the request's headers back in an HTML page. */
async function echoingProxy(status: number): Promise<string> {
  const server = createServer((request, response) => {
    response.writeHead(status, { 'content-type': 'text/html' });
    response.end(`<html><body><pre>${JSON.stringify(request.headers)}</pre></body></html>`);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3/`;
}

function capturedLogger() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'trace', destination: { write: (line: string) => void lines.push(line) } });
  return { lines, logger };
}

function everythingPrintable(value: unknown): string {
  if (value instanceof Error) {
    const json = 'toJSON' in value && typeof value.toJSON === 'function' ? JSON.stringify(value) : '';
    return [value.message, json, inspect(value, { depth: 10 }), String(value.cause)].join('\n');
  }
  return [JSON.stringify(value), inspect(value, { depth: 10 })].join('\n');
}

/** The token as a leaky gateway may hand it back: as it is, in other case, in base64. */
function tokenForms(token: string): string[] {
  const base64 = (text: string) => Buffer.from(text).toString('base64');
  return [token, token.toUpperCase(), token.toLowerCase(), base64(token), base64(`Bearer ${token}`)];
}

function printableOutcome(outcome: SendOutcome): string {
  return outcome.outcome === 'accepted' ? everythingPrintable(outcome) : everythingPrintable(outcome.error);
}

describe('the token never leaks', () => {
  it('not in errors, outcomes, URLs or log lines, whatever goes wrong', async () => {
    const sim = await start();
    const { lines, logger } = capturedLogger();
    const urls: string[] = [];
    const watchingFetch: typeof fetch = (input, init) => {
      urls.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      return fetch(input, init);
    };
    const client = clientOf(sim, { logger, fetch: watchingFetch, timeoutMs: 80, maxAttempts: 2 });
    const printed: string[] = [];

    printed.push(printableOutcome(await client.send(sms)));
    sim.injectFaults(
      { kind: 'html_200', on: 'send' },
      { kind: 'not_json', on: 'bulk' },
      { kind: 'http_429', on: 'get', times: 2, retryAfterSeconds: 0 },
      { kind: 'unauthenticated', on: 'list' },
      { kind: 'delay', on: 'send', delayMs: 300 },
      { kind: 'cut_after_accept', on: 'bulk' },
    );
    printed.push(printableOutcome(await client.send(sms)));
    printed.push(...(await client.sendBatch([sms])).map(printableOutcome));
    printed.push(everythingPrintable(await client.get('0000000000000').catch((e: unknown) => e)));
    printed.push(everythingPrintable(await client.list().catch((e: unknown) => e)));
    printed.push(printableOutcome(await client.send(sms)));
    printed.push(...(await client.sendBatch([sms])).map(printableOutcome));
    printed.push(everythingPrintable(await client.get('0000000000000').catch((e: unknown) => e)));

    const port = await closedPort();
    const offline = clientOf({ url: `http://127.0.0.1:${port}/api/v3/` }, { logger, maxAttempts: 1 });
    printed.push(printableOutcome(await offline.send(sms)));

    const proxy = clientOf({ url: await echoingProxy(200) }, { logger });
    const echoed = await proxy.send(sms);
    printed.push(printableOutcome(echoed));
    expect(echoed).toMatchObject({ outcome: 'unknown', error: { code: 'bad_response' } });
    if (echoed.outcome !== 'accepted') expect(String(echoed.error.details?.body)).toContain('Bearer [redacted]');
    const proxy401 = clientOf({ url: await echoingProxy(401) }, { logger });
    printed.push(everythingPrintable(await proxy401.list().catch((e: unknown) => e)));

    const badToken = clientOf(sim, { logger, token: new Secret('another-secret-token') });
    printed.push(printableOutcome(await badToken.send(sms)));

    const everything = [...printed, ...lines, ...urls].join('\n');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('TestTokenXs6pv2dspHJq8sWLhrpNFH5Y');
    expect(everything).not.toContain('another-secret-token');
    expect(lines.length).toBeGreaterThan(5);
  });

  it('a token that occurs in an answer leaves the records intact: only error texts are scrubbed', async () => {
    // A sandbox token can be a plain word, and answers echo message texts: scrubbing the body
    // before reading it changed the records (and broke the JSON when the token was a letter).
    const sim = await start({ token: 'test' });
    const client = clientOf(sim, { token: new Secret('test') });
    const sent = await client.send({ to: phone(2), message: 'this is a test' });
    expect(sent).toMatchObject({ outcome: 'accepted' });
    const page = await client.list();
    expect(page.records[0]).toMatchObject({ message: 'this is a test' });
    if (sent.outcome === 'accepted' && sent.uid !== undefined) expect((await client.get(sent.uid)).message).toBe('this is a test');
    const oneLetter = await start({ token: 't' });
    expect((await clientOf(oneLetter, { token: new Secret('t') }).list()).records).toEqual([]);
  });

  it('scrubs the token out of the details of an answer it cannot read', async () => {
    // A success envelope that echoes the request headers where records should be.
    const server = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'success', data: `seen: ${request.headers.authorization}` }));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = clientOf({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3/` });
    const lookup = await client.get('606812e63f78b').catch((e: unknown) => e);
    const listing = await client.list().catch((e: unknown) => e);
    for (const failure of [lookup, listing]) {
      expect(failure).toMatchObject({ code: 'bad_response', details: { data: expect.stringContaining('Bearer [redacted]') } });
      expect(everythingPrintable(failure)).not.toContain(TOKEN);
    }
  });

  it('scrubs every form of the token out of records a gateway echoes it into, and records stay usable', async () => {
    const sim = await start({ echoAuthorization: true, deliveryDelayMs: 0 });
    const { lines, logger } = capturedLogger();
    const client = clientOf(sim, { logger });
    const sent = await client.send({ to: phone(3), message: 'Your chai is ready' });
    const batch = await client.sendBatch([1, 2, 4].map((i) => ({ to: phone(i), message: `Order ${i}` })));
    sim.injectFaults({ kind: 'unauthenticated', on: 'get' });
    sim.setOptions({ blacklist: [phone(5)] });
    const refused = await client.send({ to: phone(5), message: 'Salaam' });
    const lookup = await client.get(sim.records()[0]?.uid ?? '').catch((e: unknown) => e);
    const page = await client.list();
    const all: unknown[] = [];
    for await (const record of client.listAll()) all.push(record);

    const printed = [sent, ...batch, refused].map(printableOutcome);
    printed.push(everythingPrintable(lookup), everythingPrintable(page), everythingPrintable(all), ...lines);
    const everything = printed.join('\n');
    for (const form of tokenForms(TOKEN)) expect(everything).not.toContain(form);
    expect(everything).toContain('[redacted]');

    // The gateway really did echo it, and the client still reads the answers.
    expect(sim.records()).toHaveLength(4);
    expect(batch.map((outcome) => outcome.outcome)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(sent).toMatchObject({
      outcome: 'accepted',
      record: { message: `Your chai is ready Bearer ${Array(5).fill('[redacted]').join(' ')}` },
    });
    expect(refused).toMatchObject({ outcome: 'rejected', error: { code: 'refused' } });
    if (refused.outcome === 'rejected')
      expect(refused.error.gatewayMessage).toMatch(/^Number contains in the blacklist Bearer \[redacted\]/);
    expect(page.records).toHaveLength(4);
    expect(all).toHaveLength(4);
  });

  it('refuses to send a message that carries the token, without calling the gateway', async () => {
    const sim = await start();
    const client = clientOf(sim);
    const single = await client.send({ to: phone(1), message: `my key is ${TOKEN.toLowerCase()}` });
    const batch = await client.sendBatch([
      { to: phone(2), message: `key ${Buffer.from(TOKEN).toString('base64')}` },
      { to: phone(3), message: 'Salaam' },
    ]);
    for (const outcome of [single, batch[0]]) {
      expect(outcome).toMatchObject({
        outcome: 'rejected',
        error: { code: 'invalid_input', message: expect.stringMatching(/contains the gateway API token/) },
      });
      expect(printableOutcome(outcome!)).not.toMatch(/TestToken/i);
    }
    expect(batch[1]).toMatchObject({ outcome: 'accepted' });
    expect(sim.records().map((record) => record.message)).toEqual(['Salaam']);
  });

  it('logs one debug line per call attempt with method, path, status, attempt and time', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'http_503', on: 'send' });
    const { lines, logger } = capturedLogger();
    await clientOf(sim, { logger }).send(sms);
    const calls = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l.msg === 'gateway call');
    expect(calls).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/api/v3/sms/send',
        status: 503,
        attempt: 1,
        code: 'server',
        ms: expect.any(Number),
      }),
      expect.objectContaining({ method: 'POST', path: '/api/v3/sms/send', status: 200, attempt: 2, ms: expect.any(Number) }),
    ]);
  });
});
