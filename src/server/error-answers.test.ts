import { describe, expect, it } from 'vitest';
import type { ListeningServer } from './listen.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { openRaw, rawExchange, sleep, type RawExchange } from './test-support/raw-http.js';
import { useListeningApps } from './test-support/listening-app.js';
import type { TestApp } from './test-support/test-app.js';

const startApp = useListeningApps();

async function start(): Promise<{ test: TestApp; server: ListeningServer; port: number }> {
  const { test, server } = await startApp({ bodyLimit: 1024, serverLimits: { headersTimeoutMs: 300 } }, { closeDeadlineMs: 500 });
  return { test, server, port: server.port };
}

function expectSecurityHeaders(answer: RawExchange, what: string): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(answer.headers[name], `${what}: ${name}`).toBe(value);
}

const close = 'Host: localhost\r\nConnection: close\r\n';

describe('error answers over a real socket', () => {
  it('carry the security headers and our error body, whatever refused the request', async () => {
    const { test, port } = await start();
    const apiKey = await test.apiKey();
    const cases: { what: string; request: string; status: number; message?: RegExp }[] = [
      {
        what: 'malformed URL',
        request: `GET /%E0%A4%A HTTP/1.1\r\n${close}\r\n`,
        status: 400,
        message: /address of this request is not valid/,
      },
      { what: 'malformed /api URL', request: `GET /api/%zz HTTP/1.1\r\n${close}\r\n`, status: 400, message: /not valid/ },
      {
        what: 'parameter too long',
        request: `GET /api/contacts/${'1'.repeat(200)} HTTP/1.1\r\n${close}\r\n`,
        status: 414,
        message: /too long/,
      },
      {
        what: 'bad JSON',
        request: `POST /api/auth/login HTTP/1.1\r\n${close}Content-Type: application/json\r\nContent-Length: 4\r\n\r\n{"u:`,
        status: 400,
        message: /not valid JSON/,
      },
      {
        what: 'unknown API path',
        request: `GET /api/no-such-thing HTTP/1.1\r\n${close}Authorization: Bearer ${apiKey}\r\n\r\n`,
        status: 404,
      },
      { what: 'unknown page for a POST', request: `POST /no-such-page HTTP/1.1\r\n${close}Content-Length: 0\r\n\r\n`, status: 404 },
      {
        what: 'body over the limit',
        request: `POST /api/auth/login HTTP/1.1\r\n${close}Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n`,
        status: 413,
      },
      { what: 'not HTTP', request: 'HELLO THERE\r\n\r\n', status: 400, message: /not valid HTTP/ },
      { what: 'headers too large', request: `GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, status: 431 },
      { what: 'headers too slow', request: 'GET / HTTP/1.1\r\n', status: 408, message: /took too long/ },
      {
        what: 'unmet expectation',
        request: `POST /api/auth/login HTTP/1.1\r\n${close}Expect: something-else\r\nContent-Length: 2\r\n\r\n{}`,
        status: 417,
        message: /Expect header/,
      },
    ];
    for (const { what, request, status, message } of cases) {
      const answer = await rawExchange(port, request);
      expect(answer.status, what).toBe(status);
      expectSecurityHeaders(answer, what);
      expect(answer.json, what).toMatchObject({ statusCode: status, code: expect.any(String), message: expect.any(String) });
      if (message !== undefined) expect((answer.json as { message: string }).message, what).toMatch(message);
      if (/\/api/.test(request.split('\r\n')[0] ?? '')) expect(answer.headers['cache-control'], what).toBe('no-store');
    }
  });

  it('carry them on the 503 answered while the server stops', async () => {
    const { server: listening, port } = await start();
    // A request still arriving keeps the server from closing at once, and one begun before the
    // close but finished after it is answered 503.
    const holding = await openRaw(port);
    holding.write(`POST /api/auth/login HTTP/1.1\r\n${close}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{`);
    const late = await openRaw(port);
    late.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n');
    await sleep(50);
    const stopping = listening.close();
    await sleep(50);
    late.write('\r\n');
    const answer = await late.closed;
    expect(answer.status).toBe(503);
    expectSecurityHeaders(answer, '503 while closing');
    holding.end();
    await stopping;
  });
});
