import * as z from 'zod';
import { contactProblems, type ContactPart } from '../../contacts/index.js';
import type { CsvBody } from '../request-bodies.js';
import { booleanQuerySchema, limitSchema, offsetSchema, tagListQuerySchema } from '../schemas.js';

/** Inputs and answers of the contact routes. */

export {
  consentEventViewSchema,
  consentHistorySchema,
  contactPageSchema,
  contactViewSchema,
  IMPORT_REJECTED_SHOWN,
  importResultSchema,
  tagCountsSchema,
} from './contact-answer-schemas.js';

const phoneSchema = z.string().trim().min(1, 'must not be empty').max(40, 'is too long to be a phone number');
/** Lengths and counts are checked by the one contact rule (checkContact), as every other way in does. */
const nameSchema = z.string();
const tagsSchema = z.array(z.string().trim().min(1, 'a tag must not be empty'), { error: 'must be a list of tags' });
const fieldsSchema = z.record(z.string(), z.string().nullable(), { error: 'must be an object of field name → text' });

/** `fields.<key>` names one field, whatever the key holds (a dot, a space). */
function problemPath(part: ContactPart): string[] {
  return part.startsWith('fields.') ? ['fields', part.slice('fields.'.length)] : [part];
}

/** The contact rule of src/contacts, with each problem pinned to the body field it is about. */
function checkContact(
  body: { name?: string | null | undefined; tags?: string[] | undefined; fields?: Record<string, string | null> | undefined },
  ctx: z.RefinementCtx,
): void {
  for (const problem of contactProblems({
    name: body.name ?? null,
    ...(body.tags ? { tags: body.tags } : {}),
    ...(body.fields ? { fields: body.fields } : {}),
  })) {
    ctx.addIssue({
      code: 'custom',
      path: problemPath(problem.part),
      message: problem.message,
      ...(problem.input === undefined ? {} : { input: problem.input }),
    });
  }
}

export const createContactBody = z
  .strictObject({
    phone: phoneSchema,
    name: nameSchema.optional(),
    tags: tagsSchema.optional(),
    fields: fieldsSchema.optional(),
  })
  .superRefine(checkContact);

export const patchContactBody = z
  .strictObject({
    name: nameSchema.nullable().optional().describe('null clears the name'),
    tags: tagsSchema.optional().describe('Replaces the tags'),
    fields: fieldsSchema.optional().describe('Merged: a key set to null is removed'),
  })
  .superRefine(checkContact);

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

/** DELETE /api/contacts/:id — an opted-out contact is removed only when asked in so many words. */
export const deleteContactQuery = z.object({ forgetOptOut: booleanQuerySchema.optional() });

/** Opt-out: an optional reason, recorded with the consent event. */
export const consentBody = z.strictObject({ reason: z.string().max(200, 'must be at most 200 characters').optional() }).optional();

/**
 * Opt-in: only with a reason. A customer who opted out is messaged again only when someone can say
 * why (they asked at the counter, by phone…), and the history keeps it.
 */
export const optInBody = z.preprocess(
  (body) => body ?? {},
  z.strictObject({
    reason: z
      .string({ error: 'must say why the customer is opted back in, e.g. "asked at the counter"' })
      .trim()
      .min(1, 'must say why the customer is opted back in, e.g. "asked at the counter"')
      .max(200, 'must be at most 200 characters'),
  }),
);
