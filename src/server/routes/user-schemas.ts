import * as z from 'zod';
import { listSchema, userViewSchema } from '../schemas.js';

/** Answers of the staff and API-key routes. */

export const userListSchema = listSchema(userViewSchema);

/** A new user, or one given a new password: the only answer that ever holds the password. */
export const userWithPasswordSchema = z.object({
  user: userViewSchema,
  password: z.string().describe('The new password, shown only in this answer: hand it to the person now'),
});

export const passwordResetSchema = userWithPasswordSchema.extend({ sessionsEnded: z.number().int() });

export const apiKeyViewSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string().describe('The first characters of the key, to recognise it; never the key'),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const apiKeyListSchema = listSchema(apiKeyViewSchema);
