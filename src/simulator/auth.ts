import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** True when the request carries `Authorization: Bearer <token>`. Compared in constant time. */
export function hasBearerToken(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return false;
  const given = Buffer.from(header);
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Laravel's expectsJson(): the client said it wants JSON. */
export function acceptsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return typeof accept === 'string' && /\/json|\+json/i.test(accept);
}
