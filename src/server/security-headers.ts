import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { isApiRequest } from './api-path.js';

/**
 * Only our own origin may supply scripts, styles, images and API calls; no inline script, no
 * plugins, no framing (clickjacking), no forms posted elsewhere.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
});

/** Sets the headers on a raw response, before anything is written to it. */
export function setSecurityHeaders(response: Pick<ServerResponse, 'setHeader'>): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
}

/**
 * Every answer carries the headers. Routed answers get them in onSend (which `app.inject()` runs
 * too); answers fastify writes straight to the response (a malformed URL, a parameter too long,
 * 503 while closing) skip the hooks, so each raw response gets them as it arrives, before fastify
 * sees it: Node merges headers set this way with those written later. Answers written to the socket
 * itself (timeouts, broken HTTP) are framework-errors.ts's.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.server.prependListener('request', (_request, response) => setSecurityHeaders(response));
  app.addHook('onSend', async (request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    // API answers hold customers' data and session facts: never cache them anywhere.
    if (isApiRequest(request)) reply.header('cache-control', 'no-store');
    return payload;
  });
}
