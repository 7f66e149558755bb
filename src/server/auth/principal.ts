import type { ApiKey, User, UserRole } from '../../access/index.js';

/** Who made a request: a signed-in browser user or a machine with an API key. */
export type Principal = { kind: 'session'; user: User; sessionId: string; csrfToken: string } | { kind: 'api_key'; apiKey: ApiKey };

/** What a route demands: nothing, any signed-in user or key, or an admin. */
export type Access = 'public' | 'user' | 'admin';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook; null on public routes when nobody signed in. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

/** API keys are made by whoever runs the CLI on the server, so they act with an admin's rights. */
export function roleOf(principal: Principal): UserRole {
  return principal.kind === 'session' ? principal.user.role : 'admin';
}

/** The owner of an Idempotency-Key: two clients choosing the same key never see each other's answers. */
export function idempotencyScope(principal: Principal): string {
  return principal.kind === 'session' ? `user:${principal.user.id}` : `apikey:${principal.apiKey.id}`;
}
