import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authenticate, endSession, startSession } from '../../access/index.js';
import { CafeError } from '../../errors/index.js';
import type { AppDeps } from '../app-deps.js';
import { principalOf, SESSION_COOKIE } from '../auth/authenticate.js';
import { signInKey } from '../auth/sign-in-limit.js';
import { defineRoute, type Route } from '../route.js';
import { COMMON_ERRORS, errorBodySchema, userViewSchema } from '../schemas.js';

const loginBody = z.strictObject({
  username: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  password: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
});

const signedInSchema = z.object({ user: userViewSchema.nullable(), csrfToken: z.string().nullable() });
/** With an API key, the key's id and name stand where the user would. */
const callerSchema = signedInSchema.extend({ apiKey: z.object({ id: z.number().int(), name: z.string() }).optional() });

function cookieOptions(request: FastifyRequest, expires: Date) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    path: '/',
    // Behind plain http on the cafe's own machine a Secure cookie would never come back.
    secure: request.protocol === 'https',
    expires,
  };
}

function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(request, new Date(0)));
}

function minutes(ms: number): string {
  const n = Math.ceil(ms / 60_000);
  return n === 1 ? '1 minute' : `${n} minutes`;
}

export function authRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/auth/login',
      tag: 'auth',
      access: 'public',
      summary: 'Sign in with a username and password',
      description: 'Sets the httpOnly session cookie `cafe_session`; send the answered csrfToken as X-CSRF-Token on every write.',
      body: loginBody,
      responses: {
        200: { description: 'Signed in', schema: signedInSchema },
        400: COMMON_ERRORS[400],
        401: { description: 'Wrong username or password', schema: errorBodySchema },
        429: { description: 'Too many failed sign-ins from here for this username; see Retry-After', schema: errorBodySchema },
      },
      handler: async ({ body }, request, reply) => {
        const now = deps.now();
        const key = signInKey(body.username, request.ip);
        const waitMs = deps.signInLimiter.retryAfterMs(key, now.getTime());
        if (waitMs > 0) {
          throw new CafeError('rate_limited', `Too many failed sign-ins: wait ${minutes(waitMs)} and try again`, { retryAfterMs: waitMs });
        }
        const user = await authenticate(deps.db, body.username, body.password);
        if (user === undefined) {
          deps.signInLimiter.recordFailure(key, now.getTime());
          throw new CafeError('unauthorized', 'Wrong username or password');
        }
        deps.signInLimiter.recordSuccess(key);
        const session = await startSession(deps.db, user.id, { now: deps.now, ttlMs: deps.sessionTtlMs });
        reply.setCookie(SESSION_COOKIE, session.token, cookieOptions(request, session.expiresAt));
        deps.logger.info({ userId: user.id }, 'user signed in');
        return { user, csrfToken: session.csrfToken };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/auth/logout',
      tag: 'auth',
      access: 'user',
      summary: 'Sign out: ends the session and clears its cookie',
      responses: { 204: { description: 'Signed out' }, 401: COMMON_ERRORS[401], 403: COMMON_ERRORS[403] },
      handler: async (_input, request, reply) => {
        const principal = principalOf(request);
        if (principal.kind === 'session') await endSession(deps.db, principal.sessionId);
        clearSessionCookie(request, reply);
        reply.code(204);
        return undefined;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/auth/me',
      tag: 'auth',
      access: 'user',
      summary: 'Who is signed in, with the CSRF token of the session',
      description: 'With an API key: user and csrfToken are null (keys need no CSRF token).',
      responses: { 200: { description: 'The caller', schema: callerSchema }, 401: COMMON_ERRORS[401] },
      handler: async (_input, request) => {
        const principal = principalOf(request);
        if (principal.kind === 'session') return { user: principal.user, csrfToken: principal.csrfToken };
        return { user: null, csrfToken: null, apiKey: { id: principal.apiKey.id, name: principal.apiKey.name } };
      },
    }),
  ];
}
