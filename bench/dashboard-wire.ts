/**
 * What the dashboard's scripts and stylesheets weigh on the wire. The real app serves the
 * built web/dist (precompressed by scripts/build.mjs) on loopback; every .js and .css file in it is
 * fetched with `Accept-Encoding: br`, then `gzip`, then none, and the body bytes as sent are added up.
 * Each compressed body is decoded and compared with the file, so a figure never counts a wrong body.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { DEFAULT_WEB_ROOT } from '../src/server/static-files.js';
import { createTestApp } from '../src/server/test-support/test-app.js';
import type { BenchResult, Benchmark } from './support/types.js';

/** Brotli bytes of all the dashboard's JS and CSS, in kB of 1,000 bytes (as Vite prints them). */
const BROTLI_TARGET_KB = 110;

const ENCODINGS = ['br', 'gzip', 'none'] as const;
type Encoding = (typeof ENCODINGS)[number];

/** The dashboard's scripts and stylesheets, as URL paths (/assets/index-….js). */
function dashboardAssets(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(path.join(DEFAULT_WEB_ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(path.posix.join(dir, entry.name)) : [path.posix.join(dir, entry.name)],
    );
  return walk('/').filter((file) => /\.(js|css)$/.test(file));
}

/** GETs `urlPath` and answers the body as sent (node:http never decodes) and its Content-Encoding. */
function getRaw(base: string, urlPath: string, encoding: Encoding): Promise<{ body: Buffer; contentEncoding: string | undefined }> {
  return new Promise((resolve, reject) => {
    const headers = encoding === 'none' ? {} : { 'accept-encoding': encoding };
    get(new URL(urlPath, base), { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        if (response.statusCode !== 200) reject(new Error(`GET ${urlPath}: ${response.statusCode}`));
        else resolve({ body: Buffer.concat(chunks), contentEncoding: response.headers['content-encoding'] });
      });
      response.on('error', reject);
    }).on('error', reject);
  });
}

function decode(body: Buffer, contentEncoding: string | undefined): Buffer {
  if (contentEncoding === 'br') return brotliDecompressSync(body);
  if (contentEncoding === 'gzip') return gunzipSync(body);
  if (contentEncoding === undefined) return body;
  throw new Error(`unexpected content-encoding ${contentEncoding}`);
}

async function run(): Promise<BenchResult[]> {
  const assets = dashboardAssets();
  if (assets.length === 0) throw new Error(`no .js or .css in ${DEFAULT_WEB_ROOT}: run npm run build`);
  const test = await createTestApp({ webRoot: DEFAULT_WEB_ROOT });
  const bytes: Record<Encoding, number> = { br: 0, gzip: 0, none: 0 };
  try {
    await test.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
    for (const asset of assets) {
      const file = readFileSync(path.join(DEFAULT_WEB_ROOT, asset));
      for (const encoding of ENCODINGS) {
        const { body, contentEncoding } = await getRaw(base, asset, encoding);
        if (!decode(body, contentEncoding).equals(file)) throw new Error(`GET ${asset} (${encoding}) did not decode to the file`);
        bytes[encoding] += body.length;
      }
    }
  } finally {
    await test.close();
  }
  const kb = (n: number) => Math.round(n / 100) / 10;
  const percent = (n: number) => Math.round((n / bytes.none) * 1000) / 10;
  return [
    { metric: `dashboard JS+CSS uncompressed (${assets.length} files)`, value: kb(bytes.none), unit: 'kB' },
    { metric: 'dashboard JS+CSS with gzip (level 9)', value: kb(bytes.gzip), unit: 'kB' },
    { metric: 'gzip / uncompressed', value: percent(bytes.gzip), unit: '%' },
    {
      metric: 'dashboard JS+CSS with brotli (quality 11)',
      value: kb(bytes.br),
      unit: 'kB',
      target: `< ${BROTLI_TARGET_KB} kB`,
      pass: bytes.br < BROTLI_TARGET_KB * 1000,
    },
    { metric: 'brotli / uncompressed', value: percent(bytes.br), unit: '%' },
  ];
}

const benchmark: Benchmark = { name: 'dashboard-wire', run };
export default benchmark;
