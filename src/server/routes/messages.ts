import * as z from 'zod';
import { MESSAGE_STAGES } from '../../outbox/message-stage.js';
import { MESSAGE_STATES } from '../../states/index.js';
import { enqueueOneOff } from '../../outbox/enqueue-one-off.js';
import { isImageUrl, normalizePhone } from '../../sms/index.js';
import type { AppDeps } from '../app-deps.js';
import { principalOf } from '../auth/authenticate.js';
import { idempotencyScope } from '../auth/principal.js';
import { blamingField, notFound } from '../errors.js';
import { runIdempotent } from '../idempotency.js';
import { findOutboxMessageView, listOutboxMessages, toOutboxMessageViews } from '../views/messages.js';
import { defineRoute, type Route } from '../route.js';
import { COMMON_ERRORS, errorBodySchema, idParams, isoDateTimeSchema, limitSchema, offsetSchema } from '../schemas.js';
import { messagePageSchema, messageViewSchema, sentMessageSchema } from './message-schemas.js';

const MAX_TEXT_LENGTH = 1600;

const sendBody = z
  .strictObject({
    phone: z.string().trim().min(1, 'must not be empty').max(40, 'is too long to be a phone number'),
    message: z
      .string()
      .max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`)
      .refine((text) => text.trim() !== '', 'must not be empty: write the text to send'),
    type: z.enum(['text', 'image'], { error: 'must be "text" or "image"' }).default('text'),
  })
  .refine((body) => body.type !== 'image' || isImageUrl(body.message), {
    path: ['message'],
    message: 'must be the http(s) URL of the image when type is "image"',
  });

const sendHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1, 'must be 1-200 characters')
    .max(200, 'must be 1-200 characters')
    .regex(/^[\x21-\x7e]+$/, 'may hold only visible ASCII characters (no spaces)')
    .optional(),
});

/** Staff type 0300-1234567; numbers are stored 923001234567: compare digits without the trunk zero. */
function phoneDigits(phone: string | undefined): string | undefined {
  if (phone === undefined) return undefined;
  const digits = phone.replace(/\D/g, '').replace(/^0+/, '');
  return digits === '' ? undefined : digits;
}

const listQuery = z.object({
  campaignId: z.coerce
    .number({ error: 'must be a campaign id' })
    .int('must be a whole number')
    .positive('must be a campaign id')
    .optional(),
  state: z.enum(Object.values(MESSAGE_STATES), { error: `must be one of ${Object.values(MESSAGE_STATES).join(', ')}` }).optional(),
  stage: z.enum(MESSAGE_STAGES, { error: `must be one of ${MESSAGE_STAGES.join(', ')}` }).optional(),
  phone: z
    .string()
    .max(40, 'is too long to be a phone number')
    .refine((phone) => phoneDigits(phone) !== undefined, 'must hold digits of the number, e.g. 0300-1234567 or its last digits 1234567')
    .optional(),
  from: isoDateTimeSchema.optional(),
  to: isoDateTimeSchema.optional(),
  limit: limitSchema(500, 50),
  offset: offsetSchema,
});

export function messageRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/messages',
      tag: 'messages',
      access: 'user',
      summary: 'Send one transactional SMS (through the outbox, ahead of campaigns, not held by quiet hours)',
      description:
        'With an Idempotency-Key, a repeat of the same request answers the first answer (200, Idempotent-Replayed: true) and never ' +
        'sends a second SMS; the same key with another body is a 409.',
      body: sendBody,
      headers: sendHeaders,
      responses: {
        202: { description: 'Queued in the outbox', schema: sentMessageSchema },
        200: { description: 'A replay of an earlier request with the same Idempotency-Key', schema: sentMessageSchema },
        ...COMMON_ERRORS,
        409: {
          description: 'The customer opted out (field phone), or the Idempotency-Key was reused with a different body',
          schema: errorBodySchema,
        },
      },
      handler: async ({ body, headers }, request, reply) => {
        const phone = await blamingField('phone', () => normalizePhone(body.phone, deps.config.defaultCountry));
        const key = headers['idempotency-key'];
        const now = deps.now();
        const enqueue = async (db: typeof deps.db, idempotencyKey: string | undefined) => {
          const { message } = await enqueueOneOff(
            db,
            { phone, body: body.message, type: body.type, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) },
            { now, defaultCountry: deps.config.defaultCountry },
          );
          const [view] = await toOutboxMessageViews(db, [message]);
          return { statusCode: 202, body: { message: view } };
        };
        if (key === undefined) {
          const answer = await deps.groupCommit.run((trx) => enqueue(trx, undefined));
          reply.code(answer.statusCode);
          return answer.body;
        }
        const scope = idempotencyScope(principalOf(request));
        // The number as stored: a retry that writes it another way (+92 300 … for 0300-…) is the same request.
        const asked = { ...body, phone };
        const answer = await deps.groupCommit.run((trx) =>
          runIdempotent(trx, { scope, key, request: asked, now }, (inner) => enqueue(inner, `${scope}:${key}`)),
        );
        if (answer.replayed) reply.header('idempotent-replayed', 'true');
        reply.code(answer.replayed ? 200 : answer.statusCode);
        return answer.body;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/messages',
      tag: 'messages',
      access: 'user',
      summary: 'The message log, newest first, filtered',
      query: listQuery,
      responses: {
        200: { description: 'A page of messages', schema: messagePageSchema },
        ...COMMON_ERRORS,
      },
      handler: async ({ query }) => {
        const filter = {
          ...(query.campaignId === undefined ? {} : { campaignId: query.campaignId }),
          ...(query.state === undefined ? {} : { state: query.state }),
          ...(query.stage === undefined ? {} : { stage: query.stage }),
          ...(phoneDigits(query.phone) === undefined ? {} : { phoneDigits: phoneDigits(query.phone) }),
          ...(query.from === undefined ? {} : { fromIso: new Date(query.from).toISOString() }),
          ...(query.to === undefined ? {} : { toIso: new Date(query.to).toISOString() }),
        };
        return listOutboxMessages(deps.db, filter, { limit: query.limit, offset: query.offset });
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/messages/:id',
      tag: 'messages',
      access: 'user',
      summary: 'One message',
      params: idParams,
      responses: {
        200: { description: 'The message', schema: messageViewSchema },
        ...COMMON_ERRORS,
        404: { description: 'No such message', schema: errorBodySchema },
      },
      handler: async ({ params }) => {
        const message = await findOutboxMessageView(deps.db, params.id);
        if (message === undefined) throw notFound(`There is no message ${params.id}`, String(params.id));
        return message;
      },
    }),
  ];
}
