import { z } from 'zod';
import { isReservedFieldKey } from '../../contacts/index.js';
import type { CsvBody } from '../request-bodies.js';
import { booleanQuerySchema, limitSchema, offsetSchema, tagListQuerySchema } from '../schemas.js';

/** Inputs and answers of the contact routes. */

export const contactViewSchema = z.object({
  id: z.number().int(),
  phone: z.string().describe('Normalised: country code and digits, e.g. 923001234567'),
  name: z.string().nullable(),
  tags: z.array(z.string()),
  fields: z.record(z.string(), z.string()),
  optedOut: z.boolean(),
  optedOutAt: z.string().nullable(),
  optOutReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const phoneSchema = z.string().trim().min(1, 'must not be empty').max(40, 'is too long to be a phone number');
const nameSchema = z.string().max(100, 'must be at most 100 characters');
const tagsSchema = z
  .array(z.string().trim().min(1, 'a tag must not be empty').max(50, 'a tag must be at most 50 characters'), { error: 'must be a list of tags' })
  .max(50, 'at most 50 tags');
const FIELD_KEY = /^[a-z][a-z0-9_]{0,39}$/;
const fieldsSchema = z
  .record(
    z.string().regex(FIELD_KEY, 'field names must be snake_case: lower-case letters, digits and _, starting with a letter'),
    z.string().max(500, 'a field value must be at most 500 characters').nullable(),
    { error: 'must be an object of field name → text' },
  )
  .refine((fields) => Object.keys(fields).length <= 50, 'at most 50 custom fields')
  .superRefine((fields, ctx) => {
    for (const key of Object.keys(fields)) {
      if (isReservedFieldKey(key)) ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is not a custom field: set it with phone, name or tags` });
    }
  });

export const createContactBody = z.strictObject({
  phone: phoneSchema,
  name: nameSchema.optional(),
  tags: tagsSchema.optional(),
  fields: fieldsSchema.optional(),
});

export const patchContactBody = z.strictObject({
  name: nameSchema.nullable().optional().describe('null clears the name'),
  tags: tagsSchema.optional().describe('Replaces the tags'),
  fields: fieldsSchema.optional().describe('Merged: a key set to null is removed'),
});

export const listContactsQuery = z.object({
  search: z.string().max(100, 'must be at most 100 characters').optional(),
  tag: tagListQuerySchema.optional(),
  optedOut: booleanQuerySchema.optional(),
  limit: limitSchema(500, 50),
  offset: offsetSchema,
});

export const csvBody = z.custom<CsvBody>(
  (value) => typeof value === 'object' && value !== null && 'stream' in value,
  'send the CSV file itself as the body, with Content-Type: text/csv',
);

/** Rejected rows an import answers at most; the rest are counted. A file of bad rows must not grow the answer (and the server's memory) without bound. */
export const IMPORT_REJECTED_SHOWN = 1000;

export const importResultSchema = z.object({
  imported: z.number().int(),
  updated: z.number().int(),
  merged: z.number().int(),
  /** Contacts the file says opted out who were not yet; an import never opts anyone back in. */
  optedOut: z.number().int(),
  total: z.number().int(),
  rejected: z
    .array(z.object({ line: z.number().int(), reason: z.string(), input: z.string().optional() }))
    .describe(`The first ${IMPORT_REJECTED_SHOWN} rejected rows, in file order`),
  rejectedTotal: z.number().int().describe('Rows rejected in all'),
});

/** DELETE /api/contacts/:id — an opted-out contact is removed only when asked in so many words. */
export const deleteContactQuery = z.object({ forgetOptOut: booleanQuerySchema.optional() });

/** Opt-out / opt-in: an optional reason, recorded with the consent event. */
export const consentBody = z.strictObject({ reason: z.string().max(200, 'must be at most 200 characters').optional() }).optional();
