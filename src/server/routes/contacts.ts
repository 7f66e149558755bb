import { PassThrough } from 'node:stream';
import type { Kysely } from 'kysely';
import * as z from 'zod';
import { exportContactsCsv, importContactsCsv, storedBeforeFailure } from '../../contacts/index.js';
import { CafeError, isCafeError } from '../../errors/index.js';
import { normalizePhone, phoneForStaff } from '../../sms/index.js';
import {
  addTags,
  cleanName,
  deleteContact,
  findContactById,
  findContactByPhone,
  listContacts,
  listTags,
  normalizeTags,
  removeTags,
  listConsentEvents,
  setOptIn,
  setOptOut,
  setContactName,
  touchContact,
  upsertContacts,
  writeTransaction,
  type Contact,
  type Database,
} from '../../store/index.js';
import type { AppDeps } from '../app-deps.js';
import { principalOf } from '../auth/authenticate.js';
import type { Principal } from '../auth/principal.js';
import { blamingField, notFound } from '../errors.js';

import { BodyTooLargeError } from '../request-bodies.js';
import { defineRoute, type Route } from '../route.js';
import { COMMON_ERRORS, errorBodySchema, idParams, tagListQuerySchema } from '../schemas.js';
import {
  consentBody,
  consentHistorySchema,
  contactPageSchema,
  contactViewSchema,
  createContactBody,
  csvBody,
  deleteContactQuery,
  IMPORT_REJECTED_SHOWN,
  importResultSchema,
  listContactsQuery,
  optInBody,
  patchContactBody,
  tagCountsSchema,
} from './contact-schemas.js';

const IMPORT_LIMIT_BYTES = 50 * 1024 * 1024;

/** A failed import's answer: what it had stored before it failed, when it had begun to store. */
const importFailureSchema = errorBodySchema.extend({
  stored: importResultSchema
    .extend({
      storedThroughLine: z
        .number()
        .int()
        .describe('The last line of the file stored; every row up to it was imported or rejected, none after it'),
      summary: z.string().describe('The same in words'),
    })
    .optional(),
});

/** A contact as the API shows it. */
export interface ContactView extends Contact {
  optedOut: boolean;
}

function toView(contact: Contact): ContactView {
  return { ...contact, optedOut: contact.optedOutAt !== null };
}

async function requireContact(db: Kysely<Database>, id: number): Promise<Contact> {
  const contact = await findContactById(db, id);
  if (contact === undefined) throw notFound(`There is no contact ${id}`, String(id));
  return contact;
}

/** Without null values: a new contact has no fields to remove. */
function fieldsToSet(fields: Record<string, string | null> | undefined): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(fields ?? {})) if (value !== null) out[key] = value;
  return out;
}

const notFoundResponse = { description: 'No such contact', schema: errorBodySchema };
const optedOutResponse = { description: 'The contact opted out: removing it would forget that', schema: errorBodySchema };

/** Staff signed in to the dashboard, or a machine with its API key: the history says which, and who. */
function consentOrigin(principal: Principal): { source: 'dashboard' | 'api'; actor: string } {
  return principal.kind === 'session'
    ? { source: 'dashboard', actor: principal.user.username }
    : { source: 'api', actor: principal.apiKey.name };
}

function consentRoutes(deps: AppDeps): Route[] {
  const changed = async (id: number) => toView(await requireContact(deps.db, id));
  return [
    defineRoute({
      method: 'POST',
      url: '/api/contacts/:id/opt-out',
      tag: 'contacts',
      access: 'user',
      summary: 'Stop all messages to the contact; recorded with who asked (source "dashboard" or "api")',
      params: idParams,
      body: consentBody,
      responses: { 200: { description: 'The contact', schema: contactViewSchema }, ...COMMON_ERRORS, 404: notFoundResponse },
      handler: async ({ params, body }, request) => {
        const contact = await requireContact(deps.db, params.id);
        await setOptOut(deps.db, contact.id, { ...consentOrigin(principalOf(request)), now: deps.now(), reason: body?.reason ?? null });
        return changed(contact.id);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/contacts/:id/opt-in',
      tag: 'contacts',
      access: 'user',
      summary: 'Let messages reach the contact again: needs the reason (e.g. "asked at the counter"), recorded with who did it',
      params: idParams,
      body: optInBody,
      responses: { 200: { description: 'The contact', schema: contactViewSchema }, ...COMMON_ERRORS, 404: notFoundResponse },
      handler: async ({ params, body }, request) => {
        const contact = await requireContact(deps.db, params.id);
        await setOptIn(deps.db, contact.id, { ...consentOrigin(principalOf(request)), now: deps.now(), reason: body.reason });
        return changed(contact.id);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/contacts/:id/consent',
      tag: 'contacts',
      access: 'user',
      summary: "The contact's consent history, oldest first: every opt-out and opt-in, its source, who and why",
      params: idParams,
      responses: {
        200: { description: 'The history', schema: consentHistorySchema },
        ...COMMON_ERRORS,
        404: notFoundResponse,
      },
      handler: async ({ params }) => {
        const contact = await requireContact(deps.db, params.id);
        const events = await listConsentEvents(deps.db, contact.id);
        return { items: events.map(({ contactId: _contactId, ...event }) => event) };
      },
    }),
  ];
}

export function contactRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/contacts',
      tag: 'contacts',
      access: 'user',
      summary: 'Search and page through contacts (tags: any of)',
      query: listContactsQuery,
      responses: {
        200: { description: 'A page of contacts', schema: contactPageSchema },
        ...COMMON_ERRORS,
      },
      handler: async ({ query }) => {
        const page = await listContacts(deps.db, {
          ...(query.search === undefined ? {} : { search: query.search }),
          ...(query.tag === undefined ? {} : { tags: query.tag }),
          ...(query.optedOut === undefined ? {} : { optedOut: query.optedOut }),
          limit: query.limit,
          offset: query.offset,
        });
        return { items: page.contacts.map(toView), total: page.total };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/contacts',
      tag: 'contacts',
      access: 'user',
      summary: 'Add a contact',
      body: createContactBody,
      responses: {
        201: { description: 'Created', schema: contactViewSchema },
        ...COMMON_ERRORS,
        409: { description: 'A contact with this phone exists', schema: errorBodySchema },
      },
      handler: async ({ body }, _request, reply) => {
        const phone = await blamingField('phone', () => normalizePhone(body.phone, deps.config.defaultCountry));
        const id = await writeTransaction(deps.db, async (trx) => {
          const existing = await findContactByPhone(trx, phone);
          if (existing !== undefined) {
            // Said as staff know them: by name and the number as they write it, not by id and E.164.
            const who = existing.name?.trim() ? existing.name.trim() : 'Another contact';
            throw new CafeError('conflict', `${who} already has the number ${phoneForStaff(phone)}; change that contact instead`, {
              input: body.phone,
              field: 'phone',
              details: { contactId: existing.id },
            });
          }
          const [written] = await upsertContacts(
            trx,
            [{ phone, name: body.name ?? null, tags: body.tags ?? [], fields: fieldsToSet(body.fields) }],
            {
              now: deps.now(),
            },
          );
          if (written === undefined) throw new CafeError('internal', `Contact ${phone} was not written`);
          return written.id;
        });
        reply.code(201);
        return toView(await requireContact(deps.db, id));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/contacts/export',
      tag: 'contacts',
      access: 'user',
      summary: 'Every contact as CSV (phone,name,tags,opted_out,opted_out_at + custom fields)',
      query: z.object({ tag: tagListQuerySchema.optional() }),
      responses: { 200: { description: 'CSV file', contentType: 'text/csv' }, 401: COMMON_ERRORS[401] },
      handler: async ({ query }, request, reply) => {
        const output = new PassThrough();
        exportContactsCsv(deps.db, output, { bom: true, filter: query.tag === undefined ? {} : { tags: query.tag } }).catch(
          (error: unknown) => {
            request.log.error({ err: error }, 'contacts export failed midway');
            output.destroy(error instanceof Error ? error : new Error(String(error)));
          },
        );
        reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="contacts.csv"');
        return output;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/contacts/import',
      tag: 'contacts',
      access: 'user',
      summary:
        'Import a CSV file of contacts (streamed, up to 50 MB); rejected rows are reported with their line; ' +
        'a cut-off import says which lines it stored',
      description:
        'Existing contacts (same phone) are updated, repeats within the file merged; a row whose opted_out column says yes opts ' +
        'its contact out, and no row opts anyone back in. ' +
        `The answer lists the first ${IMPORT_REJECTED_SHOWN} rejected rows and counts them all. ` +
        'Rows are written in batches of 1,000, in file order. An import cut off midway (the file passes 50 MB, the upload breaks off, ' +
        'a quote is never closed, the database fails) keeps the batches written before the cut, and its error answer (413, 400 or 500) ' +
        'says exactly what that is: `stored` holds `storedThroughLine` (every line up to it was imported or rejected, none after it), ' +
        'the counts of that part and its rejected rows, and the message says it in words. Import the rest as a file of its own; ' +
        'importing the same rows again is safe. A file over 50 MB by its Content-Length is refused before anything is read.',
      query: z.object({ tag: tagListQuerySchema.optional() }),
      body: csvBody,
      bodyType: 'text/csv',
      bodyLimit: IMPORT_LIMIT_BYTES,
      responses: {
        200: { description: 'What was imported', schema: importResultSchema },
        ...COMMON_ERRORS,
        400: {
          description: 'Invalid input (no phone column, a quote never closed…); `stored` says what was imported before it',
          schema: importFailureSchema,
        },
        413: { description: 'Larger than 50 MB; `stored` says what was imported before the cut', schema: importFailureSchema },
        500: { description: 'The import failed on the server; `stored` says what was imported before it', schema: importFailureSchema },
      },
      handler: async ({ query, body }) => {
        try {
          return await importContactsCsv(deps.db, body.stream, {
            defaultCountry: deps.config.defaultCountry,
            tags: query.tag ?? [],
            logger: deps.logger,
            keepRejected: IMPORT_REJECTED_SHOWN,
          });
        } catch (error) {
          // The importer saw only a stream that failed; the size limit is what cut it.
          if (body.tooLarge()) throw new BodyTooLargeError(body.limit, storedBeforeFailure(error));
          throw error;
        }
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/tags',
      tag: 'contacts',
      access: 'user',
      summary: 'Every tag in use, with how many contacts carry it',
      responses: { 200: { description: 'Tags', schema: tagCountsSchema }, 401: COMMON_ERRORS[401] },
      handler: async () => (await listTags(deps.db)).map((tag) => ({ tag: tag.tag, count: tag.contacts })),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/contacts/:id',
      tag: 'contacts',
      access: 'user',
      summary: 'One contact',
      params: idParams,
      responses: { 200: { description: 'The contact', schema: contactViewSchema }, ...COMMON_ERRORS, 404: notFoundResponse },
      handler: async ({ params }) => toView(await requireContact(deps.db, params.id)),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/contacts/:id',
      tag: 'contacts',
      access: 'user',
      summary: "Change a contact's name, tags (replaced) or custom fields (merged; null removes)",
      params: idParams,
      body: patchContactBody,
      responses: { 200: { description: 'The contact', schema: contactViewSchema }, ...COMMON_ERRORS, 404: notFoundResponse },
      handler: async ({ params, body }) => {
        const nowDate = deps.now();
        await writeTransaction(deps.db, async (trx) => {
          const contact = await requireContact(trx, params.id);
          if (body.fields !== undefined) await upsertContacts(trx, [{ phone: contact.phone, fields: body.fields }], { now: nowDate });
          if (body.name !== undefined) await setContactName(trx, contact.id, cleanName(body.name), nowDate.toISOString());
          if (body.tags !== undefined) {
            const wanted = normalizeTags(body.tags);
            await removeTags(
              trx,
              contact.id,
              contact.tags.filter((tag) => !wanted.includes(tag)),
            );
            await addTags(trx, contact.id, wanted);
          }
          await touchContact(trx, contact.id, nowDate.toISOString());
        });
        return toView(await requireContact(deps.db, params.id));
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/contacts/:id',
      tag: 'contacts',
      access: 'user',
      summary: 'Remove a contact with its tags and consent history (409 for an opted-out one unless forgetOptOut=true)',
      params: idParams,
      query: deleteContactQuery,
      responses: { 204: { description: 'Removed' }, ...COMMON_ERRORS, 404: notFoundResponse, 409: optedOutResponse },
      handler: async ({ params, query }, _request, reply) => {
        const removed = await deleteContact(deps.db, params.id, { forgetOptOut: query.forgetOptOut === true }).catch((error: unknown) => {
          throw isCafeError(error) && error.details?.optedOut === true
            ? new CafeError('conflict', `${error.message} If the customer asked to be erased, send forgetOptOut=true.`, {
                input: error.input,
                details: error.details,
              })
            : error;
        });
        if (!removed) throw notFound(`There is no contact ${params.id}`, String(params.id));
        reply.code(204);
        return undefined;
      },
    }),
    ...consentRoutes(deps),
  ];
}
