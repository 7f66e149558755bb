import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/index.js';
import { balanceFromData, parseBalanceText } from './balance.js';
import { clientOf, closedPort, phone, TOKEN, useSimulators } from './test-support/simulated-gateway.js';

const start = useSimulators();

/** Answers the simulator does not give (other hosts' shapes), from a real HTTP server, in turn. */
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function scriptedGateway(...answers: { status?: number; body: unknown }[]): Promise<{ url: string; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((request, response) => {
    paths.push(request.url ?? '');
    const answer = answers.shift() ?? { status: 500, body: 'no more answers' };
    response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
    response.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3/`, paths };
}

describe('balance() against the simulator', () => {
  it('reads the units left, which go down as messages are accepted', async () => {
    const sim = await start({ balance: 1500 });
    const client = clientOf(sim);
    expect(await client.balance()).toEqual({ kind: 'units', units: 1500, text: '1,500' });
    await client.send({ to: phone(1), message: 'a'.repeat(200) });
    expect(await client.balance()).toEqual({ kind: 'units', units: 1498, text: '1,498' });
  });

  it('reads "Unlimited" as an account without a limit', async () => {
    const sim = await start();
    expect(await clientOf(sim).balance()).toEqual({ kind: 'unlimited', text: 'Unlimited' });
  });

  it('a host without the call (HTTP 404) answers unknown, saying so', async () => {
    const sim = await start({ balance: 10 });
    const client = clientOf({ url: `${sim.url}missing/` });
    const answer = await client.balance();
    expect(answer).toEqual({ kind: 'unknown', reason: 'the gateway answered "Not found." (HTTP 404) when asked for its balance' });
  });

  it('an answer of another shape is unknown', async () => {
    const sim = await start({ balance: 10 });
    sim.injectFaults({ kind: 'unexpected_shape', on: 'balance' });
    expect(await clientOf(sim).balance()).toEqual({
      kind: 'unknown',
      reason: 'the gateway answered its balance call without a remaining_balance',
    });
  });

  it('a bad token throws auth, and the token is in no error', async () => {
    const sim = await start({ balance: 10 });
    const wrong = '7|WrongTokenAbcdefghijklmnopqrstuv';
    const error = await clientOf(sim, { token: new Secret(wrong) })
      .balance()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'auth' });
    expect(JSON.stringify(error) + String(error)).not.toContain(wrong);
    expect(JSON.stringify(error) + String(error)).not.toContain(TOKEN);
  });

  it('retries a 503 and a 500 like other reads; throws server when they last', async () => {
    const sim = await start({ balance: 7 });
    sim.injectFaults({ kind: 'http_503', on: 'balance' }, { kind: 'http_500', on: 'balance' });
    expect(await clientOf(sim).balance()).toMatchObject({ kind: 'units', units: 7 });
    sim.injectFaults({ kind: 'http_503', on: 'balance', times: 10 });
    await expect(clientOf(sim, { maxAttempts: 2 }).balance()).rejects.toMatchObject({ code: 'server', httpStatus: 503 });
  });

  it('an HTML page instead of the envelope is a bad_response', async () => {
    const sim = await start({ balance: 7 });
    sim.injectFaults({ kind: 'html_200', on: 'balance' });
    await expect(clientOf(sim).balance()).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('no gateway at all throws network', async () => {
    const port = await closedPort();
    await expect(clientOf({ url: `http://127.0.0.1:${port}/api/v3/` }, { maxAttempts: 1 }).balance()).rejects.toMatchObject({
      code: 'network',
    });
  });

  it("stops when the caller aborts, with the caller's reason", async () => {
    const sim = await start({ balance: 7, latencyMs: 500 });
    const controller = new AbortController();
    const pending = clientOf(sim).balance({ signal: controller.signal });
    controller.abort(new Error('stopped by the test'));
    await expect(pending).rejects.toThrow('stopped by the test');
  });
});

describe('balance() against other hosts', () => {
  it('an error envelope with HTTP 200 is unknown, quoting the gateway', async () => {
    const gateway = await scriptedGateway({ body: { status: 'error', message: 'Invalid request', data: null } });
    expect(await clientOf(gateway).balance()).toEqual({
      kind: 'unknown',
      reason: 'the gateway answered "Invalid request" when asked for its balance',
    });
    expect(gateway.paths).toEqual(['/api/v3/balance']);
  });

  it('reads texts as the platform formats them', async () => {
    const gateway = await scriptedGateway(
      { body: { status: 'success', message: null, data: { remaining_balance: 'Rs 1,234.50' } } },
      { body: { status: 'success', message: null, data: { remaining_balance: '1234 SMS' } } },
      { body: { status: 'success', message: null, data: { remaining_balance: 88 } } },
    );
    const client = clientOf(gateway);
    expect(await client.balance()).toEqual({ kind: 'units', units: 1234.5, text: 'Rs 1,234.50' });
    expect(await client.balance()).toEqual({ kind: 'units', units: 1234, text: '1234 SMS' });
    expect(await client.balance()).toEqual({ kind: 'units', units: 88, text: '88' });
  });
});

describe('parseBalanceText / balanceFromData', () => {
  it.each([
    ['1,234', 1234],
    ['Rs. 1,234.50', 1234.5],
    ['0', 0],
    ['-12', -12],
    ['  2,000,000 units ', 2_000_000],
  ])('"%s" is %s units', (text, units) => {
    expect(parseBalanceText(text)).toMatchObject({ kind: 'units', units });
  });

  it('reads Unlimited in any case', () => {
    expect(parseBalanceText('UNLIMITED')).toEqual({ kind: 'unlimited', text: 'UNLIMITED' });
  });

  it.each(['', 'plenty', '1,000 of 5,000'])('"%s" is unknown', (text) => {
    expect(parseBalanceText(text).kind).toBe('unknown');
  });

  it.each([null, 'sms reports', { balance: 5 }, { remaining_balance: '' }, { remaining_balance: Number.NaN }])(
    'data %j without a usable remaining_balance is unknown',
    (data) => {
      expect(balanceFromData(data).kind).toBe('unknown');
    },
  );

  it('keeps a long text short', () => {
    const answer = parseBalanceText(`${'x'.repeat(200)}`);
    expect(answer.kind === 'unknown' && answer.reason.length).toBeLessThan(120);
  });
});
