import { existsSync, readFileSync, statSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ListeningServer } from './listen.js';
import { DEFAULT_WEB_ROOT } from './static-files.js';
import { useListeningApps } from './test-support/listening-app.js';

/**
 * The dashboard as built (web/dist, precompressed by scripts/build.mjs), served by the real app on a
 * real socket. node:http neither asks for nor decodes compression, so the bytes are the wire's.
 */
const startApp = useListeningApps();

interface WireAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function getRaw(server: ListeningServer, urlPath: string, acceptEncoding?: string): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    get(new URL(urlPath, server.url), { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    }).on('error', reject);
  });
}

/** The body as the page gets it: decoded by its Content-Encoding. */
function decoded(answer: WireAnswer): Buffer {
  switch (answer.headers['content-encoding']) {
    case undefined:
      return answer.body;
    case 'br':
      return brotliDecompressSync(answer.body);
    case 'gzip':
      return gunzipSync(answer.body);
    default:
      throw new Error(`unexpected content-encoding ${answer.headers['content-encoding']}`);
  }
}

const webFile = (urlPath: string) => path.join(DEFAULT_WEB_ROOT, ...urlPath.split('/'));

let indexHtml: Buffer;
/** The script and stylesheet index.html loads, e.g. /assets/index-C2fKPOu2.js. */
let script: string;
let stylesheet: string;

beforeAll(() => {
  if (!existsSync(path.join(DEFAULT_WEB_ROOT, 'index.html'))) {
    throw new Error('web/dist/index.html is missing: run `node scripts/build.mjs` before these tests');
  }
  indexHtml = readFileSync(path.join(DEFAULT_WEB_ROOT, 'index.html'));
  const html = indexHtml.toString('utf8');
  script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? '';
  stylesheet = /<link[^>]+href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1] ?? '';
  expect(script, 'index.html loads a script from /assets').not.toBe('');
  expect(stylesheet, 'index.html loads a stylesheet from /assets').not.toBe('');
});

async function startDashboard(): Promise<ListeningServer> {
  return (await startApp({ webRoot: DEFAULT_WEB_ROOT })).server;
}

describe('the built dashboard on the wire', () => {
  it('sends the script as brotli to a client that accepts it, decoding to exactly the built file', async () => {
    const server = await startDashboard();
    const plain = readFileSync(webFile(script));
    const answer = await getRaw(server, script, 'br');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers['vary']).toMatch(/accept-encoding/i);
    expect(answer.headers['content-type']).toMatch(/javascript/);
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(answer.headers['content-length'])).toBe(statSync(`${webFile(script)}.br`).size);
    expect(answer.body.length).toBeLessThan(plain.length / 3);
    expect(brotliDecompressSync(answer.body).equals(plain)).toBe(true);
  });

  it('sends gzip to a client that accepts gzip only, or prefers it', async () => {
    const server = await startDashboard();
    for (const acceptEncoding of ['gzip', 'gzip, deflate', 'br;q=0, gzip']) {
      const answer = await getRaw(server, script, acceptEncoding);
      expect(answer.headers['content-encoding'], acceptEncoding).toBe('gzip');
      expect(answer.headers['vary']).toMatch(/accept-encoding/i);
      expect(answer.headers['cache-control']).toContain('immutable');
      expect(gunzipSync(answer.body).equals(readFileSync(webFile(script))), acceptEncoding).toBe(true);
    }
  });

  it("sends brotli for a browser's usual Accept-Encoding, the stylesheet too", async () => {
    const server = await startDashboard();
    for (const asset of [script, stylesheet]) {
      const answer = await getRaw(server, asset, 'gzip, deflate, br, zstd');
      expect(answer.headers['content-encoding'], asset).toBe('br');
      expect(brotliDecompressSync(answer.body).equals(readFileSync(webFile(asset))), asset).toBe(true);
    }
  });

  it('sends the plain bytes, with no Content-Encoding, to a client that asks for none', async () => {
    const server = await startDashboard();
    for (const acceptEncoding of [undefined, 'identity']) {
      const answer = await getRaw(server, script, acceptEncoding);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding'], String(acceptEncoding)).toBeUndefined();
      expect(answer.headers['content-type']).toMatch(/javascript/);
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(answer.body.equals(readFileSync(webFile(script))), String(acceptEncoding)).toBe(true);
    }
  });

  it('still answers index.html at / and for the dashboard routes, compressed or not', async () => {
    const server = await startDashboard();
    for (const urlPath of ['/', '/index.html', '/campaigns/12?tab=stats', '/contacts']) {
      for (const acceptEncoding of [undefined, 'br', 'gzip, deflate, br']) {
        const what = `${urlPath} (${acceptEncoding ?? 'no Accept-Encoding'})`;
        const answer = await getRaw(server, urlPath, acceptEncoding);
        expect(answer.status, what).toBe(200);
        expect(answer.headers['content-type'], what).toMatch(/^text\/html/);
        expect(answer.headers['cache-control'], what).toBe('no-cache');
        if (acceptEncoding === undefined) expect(answer.headers['content-encoding'], what).toBeUndefined();
        expect(decoded(answer).equals(indexHtml), what).toBe(true);
      }
    }
  });

  it('answers a missing asset with the SPA page, not a compressed variant of something else', async () => {
    const server = await startDashboard();
    const answer = await getRaw(server, '/assets/no-such-file.js', 'br');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
    expect(decoded(answer).equals(indexHtml)).toBe(true);
  });
});
