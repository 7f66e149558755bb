import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHttpTransport, nodeHttpTransport } from './node-http-transport.js';
import { clientOf, closedPort, errorOf, thrownBy, phone, useSimulators } from './test-support/simulated-gateway.js';

// The transport the CLI's one-shot commands use (send, get, list, balance): the gateway client must
// read its answers and failures exactly as it reads undici's (client.*.test.ts).

const start = useSimulators();
const sms = { to: phone(1), message: 'Salaam from the cafe: چائے تیار ہے' };

const servers: Array<Server | TcpServer> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listening<T extends Server | TcpServer>(server: T): Promise<{ server: T; port: number }> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}

describe('nodeHttpTransport with the gateway client', () => {
  it('sends (Urdu text too), reads the message back, lists and asks the balance', async () => {
    const sim = await start({ balance: 10 });
    const client = clientOf(sim, { fetch: nodeHttpTransport });
    const sent = await client.send(sms);
    if (sent.outcome !== 'accepted' || sent.uid === undefined) throw new Error(`send failed: ${JSON.stringify(sent)}`);
    expect(sim.sentTo(phone(1))[0]?.message).toBe(sms.message);
    expect((await client.get(sent.uid)).message).toBe(sms.message);
    expect((await client.list()).records.map((record) => record.uid)).toContain(sent.uid);
    expect(await client.balance()).toMatchObject({ kind: 'units', units: 9 });
  });

  it('a closed port: nothing went out (rejected, ECONNREFUSED)', async () => {
    const port = await closedPort();
    const client = clientOf({ url: `http://127.0.0.1:${port}/api/v3/` }, { fetch: nodeHttpTransport, maxAttempts: 2 });
    const error = errorOf(await client.send(sms));
    expect(error).toMatchObject({ code: 'network', requestSent: false, details: { networkCode: 'ECONNREFUSED' } });
    await expect(client.get('606812e63f78b')).rejects.toMatchObject({ code: 'network', requestSent: false });
  });

  it('an answer slower than the deadline is a timeout, and the request may have been sent', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'delay', on: 'get', delayMs: 500, times: 2 });
    const error = await thrownBy(clientOf(sim, { fetch: nodeHttpTransport, timeoutMs: 50, maxAttempts: 2 }).get('0000000000000'));
    expect(error).toMatchObject({ code: 'timeout', requestSent: true });
    expect(sim.stats().byOperation.get).toBe(2);
  });

  it('a send cut off after the gateway took it is unknown, never retried', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'cut_after_accept', on: 'send' });
    const outcome = await clientOf(sim, { fetch: nodeHttpTransport }).send(sms);
    expect(outcome.outcome).toBe('unknown');
    expect(errorOf(outcome)).toMatchObject({ code: 'network', requestSent: true });
    expect(sim.stats().byOperation.send).toBe(1);
  });

  it("a proxy's HTML page is a bad_response carrying the body", async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'html_200', on: 'list' });
    const error = await thrownBy(clientOf(sim, { fetch: nodeHttpTransport }).list());
    expect(error.code).toBe('bad_response');
    expect(String(error.details?.body)).toMatch(/<html/i);
    expect(error.message).toMatch(/\(text\/html/);
  });

  it('the caller aborting stops the call with its own reason', async () => {
    const sim = await start();
    sim.injectFaults({ kind: 'delay', on: 'get', delayMs: 1000 });
    const controller = new AbortController();
    const call = clientOf(sim, { fetch: nodeHttpTransport }).get('0000000000000', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped by the test')), 50);
    await expect(call).rejects.toThrow('stopped by the test');
  });
});

describe('nodeHttpTransport on the wire', () => {
  it('reads the body as UTF-8 without a byte order mark, and joins repeated headers', async () => {
    const { port } = await listening(
      createHttpServer((req, res) => {
        res.setHeader('Content-Type', 'application/json');
        res.setHeader('X-Twice', ['a', 'b']);
        res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ method: req.method, said: 'چائے' }))]));
      }),
    );
    const response = await nodeHttpTransport(new URL(`http://127.0.0.1:${port}/x`), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"message":"چائے"}',
      signal: new AbortController().signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/json');
    expect(response.headers.get('x-twice')).toBe('a, b');
    expect(response.headers.get('retry-after')).toBeNull();
    expect(JSON.parse(await response.text())).toEqual({ method: 'POST', said: 'چائے' });
  });

  it('an answer cut short fails the reading of its body', async () => {
    const { port } = await listening(
      createHttpServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
        res.write('{"status":"succ');
        setTimeout(() => res.socket?.destroy(), 20);
      }),
    );
    const response = await nodeHttpTransport(new URL(`http://127.0.0.1:${port}/x`), {
      method: 'GET',
      headers: {},
      signal: new AbortController().signal,
    });
    await expect(response.text()).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('a TLS handshake that never completes fails as undici connect timeout: the request never left', async () => {
    // Accepts the TCP connection and then says nothing, so TLS never completes.
    const sockets: Socket[] = [];
    const { server, port } = await listening(createTcpServer((socket) => sockets.push(socket)));
    server.on('close', () => sockets.forEach((socket) => socket.destroy()));
    const client = clientOf(
      { url: `https://127.0.0.1:${port}/api/v3/` },
      { fetch: createNodeHttpTransport({ connectTimeoutMs: 100 }), maxAttempts: 1 },
    );
    const error = errorOf(await client.send(sms));
    expect(error).toMatchObject({ code: 'network', requestSent: false, details: { networkCode: 'UND_ERR_CONNECT_TIMEOUT' } });
    sockets.forEach((socket) => socket.destroy());
  });
});
