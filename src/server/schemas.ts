import * as z from 'zod';
import { APP_ERROR_CODES, GATEWAY_ERROR_CODES } from '../errors/index.js';

/**
 * Schemas shared by several routes: inputs that are validated, and the shapes of answers (they
 * describe them in /api/openapi.json and are the dashboard's types of them, web/src/api/types.ts).
 * Answer schemas import only zod and pure modules: the dashboard's typecheck reads them.
 */

/** A positive whole number from a URL segment. */
export const idParams = z.object({
  id: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be a positive number'),
});

export function limitSchema(max: number, fallback: number) {
  return z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`)
    .default(fallback);
}

export const offsetSchema = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .default(0);

/** `?tag=a&tag=b` arrives as an array, `?tag=a` as a string: both read as a list. */
export const stringListSchema = z.union([z.string(), z.array(z.string())]).transform((value) => (Array.isArray(value) ? value : [value]));

/** `?tag=a&tag=b`: tags as contacts carry them (1 to 50 characters), 50 at most. */
export const tagListQuerySchema = stringListSchema.pipe(
  z.array(z.string().trim().min(1, 'a tag must not be empty').max(50, 'a tag must be at most 50 characters')).max(50, 'at most 50 tags'),
);

export const booleanQuerySchema = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true');

export const isoDateTimeSchema = z.iso.datetime({
  offset: true,
  error: 'must be an ISO-8601 date and time, e.g. 2026-11-26T10:00:00+05:00',
});

export const errorBodySchema = z.object({
  statusCode: z.number().int(),
  code: z.enum([...APP_ERROR_CODES, ...GATEWAY_ERROR_CODES]),
  message: z.string(),
  field: z.string().optional(),
});

export const userViewSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  role: z.enum(['admin', 'staff']),
  createdAt: z.string(),
});

export const modeSchema = z.enum(['sandbox', 'live']);

/** A page of a longer list, with how many there are in all. */
export function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), total: z.number().int() });
}

/** A whole list, not paged. */
export function listSchema<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item) });
}

/** The error answers every signed-in route may give besides its own. */
export const COMMON_ERRORS = {
  400: { description: 'Invalid input; `field` names it', schema: errorBodySchema },
  401: { description: 'Not signed in, or a bad / revoked API key', schema: errorBodySchema },
  403: { description: 'Missing or wrong X-CSRF-Token, or not allowed', schema: errorBodySchema },
} as const;
