import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CafeError } from '../errors/index.js';
import { isApiRequest } from './api-path.js';

/**
 * The dashboard's build output. Found from this file (src/server or dist/server, both two levels
 * below the package root), never from the working directory, so `npm start` works from anywhere.
 */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cafe-sms</title></head>
<body><h1>The dashboard is not built yet</h1>
<p>Run <code>npm run build</code> in the cafe-sms folder, then restart <code>npm start</code>.
The API under <code>/api</code> works meanwhile.</p></body></html>
`;

function setFileHeaders(response: { setHeader: (name: string, value: string) => unknown }, filePath: string): void {
  // Vite names assets after their content hash, so they never change; index.html always may.
  const immutable = filePath.split(path.sep).includes('assets');
  response.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  // The same URL answers brotli, gzip or plain bytes by Accept-Encoding (`preCompressed`): a cache
  // must keep them apart. @fastify/static does not say so itself.
  response.setHeader('vary', 'accept-encoding');
}

/**
 * Serves web/dist at `/`, with index.html for every other non-/api GET (the dashboard routes in the
 * browser), and JSON 404s under /api. Without a build, a short page says how to make one.
 *
 * scripts/build.mjs writes name.br and name.gz beside each text file of 1 KB or more; a request whose
 * Accept-Encoding allows gets the brotli or gzip file with its Content-Encoding, any other the plain
 * file (so does every file without variants).
 */
export async function registerStaticFiles(app: FastifyInstance, webRoot: string | null): Promise<void> {
  const built = webRoot !== null && existsSync(path.join(webRoot, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      index: 'index.html',
      cacheControl: false,
      dotfiles: 'deny',
      preCompressed: true,
      setHeaders: setFileHeaders,
    });
  }
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const pageRequest = (request.method === 'GET' || request.method === 'HEAD') && !isApiRequest(request);
    if (pageRequest && built) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    if (pageRequest) return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    throw new CafeError('not_found', `There is no ${request.method} ${request.url.split('?')[0]} in this API; see /api/openapi.json`);
  });
}
