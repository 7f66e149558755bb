import * as z from 'zod';
import {
  addUser,
  generatePassword,
  listApiKeys,
  listUsers,
  removeUser,
  resetPassword,
  revokeApiKeyWithId,
  USER_ROLES,
} from '../../access/index.js';
import type { AppDeps } from '../app-deps.js';
import { principalOf } from '../auth/authenticate.js';
import { defineRoute, type Route } from '../route.js';
import { COMMON_ERRORS, errorBodySchema, idParams } from '../schemas.js';
import { apiKeyListSchema, apiKeyViewSchema, passwordResetSchema, userListSchema, userWithPasswordSchema } from './user-schemas.js';

/**
 * Staff management for admins: who may sign in, and which machines hold API keys. Passwords are
 * generated here and answered once to the admin who asked (never logged, never stored in clear);
 * nobody chooses another person's password.
 */

const addUserBody = z.strictObject({
  username: z.string().max(64, 'must be at most 64 characters'),
  role: z.enum(USER_ROLES, { error: `must be ${USER_ROLES.join(' or ')}` }).default('staff'),
});

const noUser = { description: 'No such user', schema: errorBodySchema };

export function userRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/users',
      tag: 'users',
      access: 'admin',
      summary: 'Everyone who may sign in (never passwords)',
      responses: { 200: { description: 'Users', schema: userListSchema }, ...COMMON_ERRORS },
      handler: async () => ({ items: await listUsers(deps.db) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/users',
      tag: 'users',
      access: 'admin',
      summary: 'Add a user (staff by default) with a generated password, answered once',
      body: addUserBody,
      responses: {
        201: { description: 'Created', schema: userWithPasswordSchema },
        ...COMMON_ERRORS,
        409: { description: 'The username is taken (any case)', schema: errorBodySchema },
      },
      handler: async ({ body }, _request, reply) => {
        const password = generatePassword();
        const { user } = await addUser(deps.db, { username: body.username, password, role: body.role }, deps);
        reply.code(201);
        return { user, password };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/users/:id/reset-password',
      tag: 'users',
      access: 'admin',
      summary: 'Give a user a new generated password (answered once) and sign them out everywhere',
      params: idParams,
      responses: {
        200: { description: 'The new password', schema: passwordResetSchema },
        ...COMMON_ERRORS,
        404: noUser,
      },
      handler: async ({ params }) => resetPassword(deps.db, params.id, deps),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/users/:id',
      tag: 'users',
      access: 'admin',
      summary: 'Remove a user and end their sessions (not yourself, not the last admin)',
      params: idParams,
      responses: {
        204: { description: 'Removed' },
        ...COMMON_ERRORS,
        404: noUser,
        409: { description: 'Yourself, or the last admin', schema: errorBodySchema },
      },
      handler: async ({ params }, request, reply) => {
        const principal = principalOf(request);
        await removeUser(deps.db, params.id, { byUserId: principal.kind === 'session' ? principal.user.id : null });
        reply.code(204);
        return undefined;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/api-keys',
      tag: 'users',
      access: 'admin',
      summary: 'The API keys machines use (never the keys themselves)',
      responses: { 200: { description: 'API keys', schema: apiKeyListSchema }, ...COMMON_ERRORS },
      handler: async () => ({ items: await listApiKeys(deps.db) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/api-keys/:id/revoke',
      tag: 'users',
      access: 'admin',
      summary: 'Revoke an API key at once: requests with it then get 401',
      params: idParams,
      responses: {
        200: { description: 'The key, revoked', schema: apiKeyViewSchema },
        ...COMMON_ERRORS,
        404: { description: 'No such key', schema: errorBodySchema },
      },
      handler: async ({ params }) => revokeApiKeyWithId(deps.db, params.id, deps),
    }),
  ];
}
