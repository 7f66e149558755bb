import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { authenticate, endSession, startSession } from '../../access/index.js';
import { CafeError } from '../../errors/index.js';
import type { AppDeps } from '../app-deps.js';
import { principalOf, SESSION_COOKIE } from '../auth/authenticate.js';
import type { SignInAttempt, SignInOutcome, SignInRefusal } from '../auth/sign-in-limit.js';
import { defineRoute, type Route } from '../route.js';
import { COMMON_ERRORS, errorBodySchema } from '../schemas.js';
import { callerSchema, signedInSchema } from './auth-schemas.js';

const loginBody = z.strictObject({
  username: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  password: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
});

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

/** A wait in words: whole seconds under a minute (as Retry-After says), minutes beyond. */
export function waitInWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

const REFUSAL_REASONS: Readonly<Record<SignInRefusal['reason'], string>> = Object.freeze({
  address: 'Too many failed sign-ins from this network',
  username: 'Too many failed sign-ins for this username',
  busy: 'The server is busy checking other sign-ins',
});

function signInRefused(refusal: SignInRefusal): CafeError {
  return new CafeError('rate_limited', `${REFUSAL_REASONS[refusal.reason]}: wait ${waitInWords(refusal.retryAfterMs)} and try again`, {
    retryAfterMs: refusal.retryAfterMs,
  });
}

/**
 * The password check, only once the limiter allows it (scrypt is never run for a refused try),
 * and always reported back to it, a thrown error included. The outcome is recorded before the
 * answer goes out, so the next try sees it on whichever server it lands.
 */
async function checkPassword(deps: AppDeps, attempt: SignInAttempt, password: string) {
  const refusal = await deps.signInLimiter.begin(attempt, deps.now().getTime());
  if (refusal !== undefined) throw signInRefused(refusal);
  let outcome: SignInOutcome = 'abandoned';
  try {
    const user = await authenticate(deps.db, attempt.username, password);
    outcome = user === undefined ? 'failed' : 'succeeded';
    return user;
  } finally {
    await deps.signInLimiter.finish(attempt, outcome, deps.now().getTime());
  }
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
        429: {
          description: 'Too many failed sign-ins from this address or for this username, or too many at once; see Retry-After',
          schema: errorBodySchema,
        },
      },
      handler: async ({ body }, request, reply) => {
        const user = await checkPassword(deps, { username: body.username, address: request.ip }, body.password);
        if (user === undefined) throw new CafeError('unauthorized', 'Wrong username or password');
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
      handler: (_input, request) => {
        const principal = principalOf(request);
        if (principal.kind === 'session') return { user: principal.user, csrfToken: principal.csrfToken };
        return { user: null, csrfToken: null, apiKey: { id: principal.apiKey.id, name: principal.apiKey.name } };
      },
    }),
  ];
}
