import * as z from 'zod';
import { listSchema, pageSchema } from '../schemas.js';

/**
 * Answers of the contact routes, apart from their inputs (contact-schemas.ts): those need the
 * contact rules and the CSV upload's stream, which the dashboard's typecheck should not read.
 */

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

export const contactPageSchema = pageSchema(contactViewSchema);

/** Every tag in use, with how many contacts carry it. */
export const tagCountsSchema = z.array(z.object({ tag: z.string(), count: z.number().int() }));

/**
 * Rejected rows an import answers at most; the rest are counted. A file of bad rows must not grow
 * the answer (and the server's memory) without bound.
 */
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

export const consentEventViewSchema = z.object({
  id: z.number().int(),
  change: z.enum(['opt_out', 'opt_in']),
  source: z
    .enum(['cli', 'api', 'dashboard', 'inbound', 'import'])
    .describe('inbound: the customer replied STOP/START; dashboard: staff; api: an API key'),
  actor: z.string().nullable().describe("Who did it: the staff member's username or the API key's name"),
  reason: z.string().nullable(),
  createdAt: z.string(),
});

export const consentHistorySchema = listSchema(consentEventViewSchema);
