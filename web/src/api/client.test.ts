import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, fieldError } from './api-error';
import { createCafeApi } from './cafe-api';
import { buildQuery, createApiClient } from './client';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (request: Seen, response: ServerResponse) => void;

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A real HTTP server on port 0 that records what the client sent and answers with `handler`. */
async function startServer(handler: Handler): Promise<{ baseUrl: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(entry);
      handler(entry, response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, seen };
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function makeClient(baseUrl: string, csrf: string | null = 'csrf-123') {
  const unauthorized: number[] = [];
  const client = createApiClient({ baseUrl, getCsrfToken: () => csrf, onUnauthorized: () => unauthorized.push(1) });
  return { client, api: createCafeApi(client), unauthorized };
}

describe('API client', () => {
  it('sends the CSRF token on state-changing requests only', async () => {
    const server = await startServer((_request, response) => json(response, 200, { ok: true }));
    const { client } = makeClient(server.baseUrl);
    await client.get('/api/overview');
    await client.post('/api/campaigns/1/pause', {});
    await client.delete('/api/contacts/4');
    const [get, post, del] = server.seen;
    expect(get?.headers['x-csrf-token']).toBeUndefined();
    expect(post?.headers['x-csrf-token']).toBe('csrf-123');
    expect(post?.headers['content-type']).toBe('application/json');
    expect(del?.headers['x-csrf-token']).toBe('csrf-123');
  });

  it('repeats list parameters and leaves out empty ones', async () => {
    const server = await startServer((_request, response) => json(response, 200, { items: [], total: 0 }));
    const { api } = makeClient(server.baseUrl);
    await api.contacts.list({ search: '', tags: ['a', 'b'], optedOut: false, limit: 50, offset: 0 });
    expect(server.seen[0]?.url).toBe('/api/contacts?tag=a&tag=b&optedOut=false&limit=50&offset=0');
    expect(buildQuery({ a: undefined, b: null, c: '' })).toBe('');
  });

  it('turns an error answer into an ApiError with code, message and field', async () => {
    const server = await startServer((_request, response) =>
      json(response, 400, { statusCode: 400, code: 'invalid_input', message: '"12" is not a valid phone number', field: 'phone' }),
    );
    const { api, unauthorized } = makeClient(server.baseUrl);
    const error = await api.contacts.create({ phone: '12' }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_input', field: 'phone' });
    // The API names the field in `field` and keeps it out of the message: shown as it came.
    expect(fieldError(error, 'phone')).toBe('"12" is not a valid phone number');
    expect(fieldError(error, 'name')).toBeUndefined();
    expect(unauthorized).toEqual([]);
  });

  it('reports a lost session on 401, but not a wrong password at sign-in', async () => {
    const server = await startServer((_request, response) =>
      json(response, 401, { statusCode: 401, code: 'unauthorized', message: 'Wrong username or password' }),
    );
    const { api, unauthorized } = makeClient(server.baseUrl);
    await expect(api.auth.login('admin', 'nope')).rejects.toMatchObject({ status: 401, message: 'Wrong username or password' });
    await expect(api.auth.me()).rejects.toMatchObject({ status: 401 });
    expect(unauthorized).toEqual([]);
    await expect(api.overview()).rejects.toMatchObject({ status: 401 });
    expect(unauthorized).toEqual([1]);
  });

  it('explains an answer that is not JSON (a proxy error page)', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html>Bad gateway</html>');
    });
    const { api } = makeClient(server.baseUrl);
    await expect(api.overview()).rejects.toMatchObject({ status: 502, code: 'internal', message: expect.stringMatching(/502/) });
  });

  it('reports an unreachable server as a network error', async () => {
    const server = await startServer((_request, response) => json(response, 200, {}));
    const baseUrl = server.baseUrl;
    await new Promise((resolve) => servers.splice(0)[0]?.close(resolve));
    const { api } = makeClient(baseUrl);
    await expect(api.health()).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('posts a CSV file raw as text/csv with the tag in the query', async () => {
    const report = {
      imported: 1,
      updated: 0,
      merged: 0,
      optedOut: 0,
      total: 2,
      rejected: [{ line: 3, reason: 'not a phone', input: 'abc' }],
      rejectedTotal: 1,
    };
    const server = await startServer((_request, response) => json(response, 200, report));
    const { api } = makeClient(server.baseUrl);
    const csv = 'phone,name\n03001234567,Ali\nabc,Bad\n';
    await expect(api.contacts.importCsv(new Blob([csv]), 'walk-ins')).resolves.toEqual(report);
    const [request] = server.seen;
    expect(request?.url).toBe('/api/contacts/import?tag=walk-ins');
    expect(request?.headers['content-type']).toBe('text/csv');
    expect(request?.body).toBe(csv);
  });

  it('sends the Idempotency-Key of a one-off message', async () => {
    const server = await startServer((_request, response) => json(response, 202, { message: { id: 1, phone: '923001234567' } }));
    const { api } = makeClient(server.baseUrl);
    await api.messages.send('03001234567', 'Your order is ready', 'key-1');
    expect(server.seen[0]?.headers['idempotency-key']).toBe('key-1');
    expect(JSON.parse(server.seen[0]?.body ?? '')).toEqual({ phone: '03001234567', message: 'Your order is ready', type: 'text' });
  });

  it('treats 204 as an empty success', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(204);
      response.end();
    });
    const { api } = makeClient(server.baseUrl);
    await expect(api.contacts.remove(5)).resolves.toBeUndefined();
  });

  it('asks to forget an opt-out only when told to', async () => {
    const urls: string[] = [];
    const server = await startServer((request, response) => {
      urls.push(request.url ?? '');
      response.writeHead(204);
      response.end();
    });
    const { api } = makeClient(server.baseUrl);
    await api.contacts.remove(5);
    await api.contacts.remove(6, { forgetOptOut: true });
    expect(urls).toEqual(['/api/contacts/5', '/api/contacts/6?forgetOptOut=true']);
  });
});
