import * as z from 'zod';
import { userViewSchema } from '../schemas.js';

/** Answers of the sign-in routes. */

/** A sign-in always answers its user and the new session's CSRF token. */
export const signedInSchema = z.object({ user: userViewSchema, csrfToken: z.string() });

/** With an API key, user and csrfToken are null and the key's id and name stand where the user would. */
export const callerSchema = z.object({
  user: userViewSchema.nullable(),
  csrfToken: z.string().nullable(),
  apiKey: z.object({ id: z.number().int(), name: z.string() }).optional(),
});
