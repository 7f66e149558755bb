import { timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { findApiKey, findSession } from '../../access/index.js';
import { CafeError } from '../../errors/index.js';
import type { Database } from '../../store/index.js';
import { isApiRequest } from '../api-path.js';
import { roleOf, type Principal } from './principal.js';

export const SESSION_COOKIE = 'cafe_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Methods that change nothing, so a cross-site request forging them gains nothing. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthenticationDeps {
  db: Kysely<Database>;
  now: () => Date;
}

function unauthorized(message: string): CafeError {
  return new CafeError('unauthorized', message);
}

async function fromBearer(header: string, deps: AuthenticationDeps): Promise<Principal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match?.[1] === undefined) {
    throw unauthorized('The Authorization header must read "Bearer <api key>" (keys come from `npx cafe-sms apikey create <name>`)');
  }
  const apiKey = await findApiKey(deps.db, match[1], deps);
  if (apiKey === undefined) throw unauthorized('This API key is not valid or has been revoked; ask the admin for a new one');
  return { kind: 'api_key', apiKey };
}

async function fromCookie(token: string, deps: AuthenticationDeps): Promise<Principal> {
  const session = await findSession(deps.db, token, deps);
  if (session === undefined) throw unauthorized('Your session has expired or was ended: sign in again');
  return { kind: 'session', user: session.user, sessionId: session.id, csrfToken: session.csrfToken };
}

/** The caller, from an API key (which wins when both are sent) or the session cookie; null when neither. */
async function identify(request: FastifyRequest, deps: AuthenticationDeps): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined && authorization !== '') return fromBearer(authorization, deps);
  const token = request.cookies[SESSION_COOKIE];
  if (token !== undefined && token !== '') return fromCookie(token, deps);
  return null;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Synchroniser-token check: a page on another site can make the browser send our cookie, never our header. */
function checkCsrf(request: FastifyRequest, principal: Principal): void {
  if (principal.kind !== 'session' || SAFE_METHODS.has(request.method)) return;
  const header = request.headers[CSRF_HEADER];
  const given = Array.isArray(header) ? header[0] : header;
  if (given === undefined || !sameSecret(given, principal.csrfToken)) {
    throw new CafeError(
      'forbidden',
      'Missing or wrong CSRF token: send the csrfToken from sign-in (or GET /api/auth/me) in the X-CSRF-Token header',
      { field: 'X-CSRF-Token' },
    );
  }
}

/**
 * Every /api request passes here before its body is read: it learns who is calling, refuses
 * anonymous calls to non-public routes (unknown /api paths included, so they do not reveal what
 * exists), checks CSRF on cookie-authenticated writes and the admin role where a route needs it.
 */
export function registerAuthentication(app: FastifyInstance, deps: AuthenticationDeps): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    if (!isApiRequest(request)) return;
    const access = request.routeOptions.config.access ?? 'user';
    if (access === 'public') {
      // A stale cookie must not break sign-in or the health check: public routes ignore bad credentials.
      request.principal = await identify(request, deps).catch(() => null);
      return;
    }
    const principal = await identify(request, deps);
    if (principal === null) {
      throw unauthorized('Sign in first (POST /api/auth/login), or send an API key as "Authorization: Bearer <key>"');
    }
    request.principal = principal;
    checkCsrf(request, principal);
    if (access === 'admin' && roleOf(principal) !== 'admin') {
      throw new CafeError('forbidden', 'Only an admin may do this; ask an admin of the cafe');
    }
  });
}

/** The caller of a route that is not public (the hook guarantees there is one). */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw unauthorized('Sign in first');
  return request.principal;
}
