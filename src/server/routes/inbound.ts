import { z } from 'zod';
import { MESSAGE_STATES } from '../../outbox/states.js';
import { normalizePhone, phoneForStaff } from '../../sms/index.js';
import type { AppDeps } from '../app-deps.js';
import { blamingField } from '../errors.js';
import { shownAsSchema } from './messages.js';
import { contactsByPhone, listConversation } from '../views/conversation.js';
import { listInbound } from '../views/inbound.js';
import { defineRoute, type Route } from '../route.js';
import { COMMON_ERRORS, limitSchema, offsetSchema } from '../schemas.js';

const phoneShownSchema = z.string().describe('The number as staff write it: 0300-1234567 (other countries +971…)');

export const inboundViewSchema = z.object({
  id: z.number().int(),
  phone: z.string(),
  body: z.string(),
  action: z.enum(['opt_out', 'opt_in']).nullable(),
  contactId: z.number().int().nullable(),
  receivedAt: z.string(),
});

/** A message as the inbox lists it: who sent it, as staff know them. */
export const inboxItemSchema = inboundViewSchema.extend({
  phoneShown: phoneShownSchema,
  contactId: z.number().int().nullable().describe('The saved contact with this number now (also when saved after the message came)'),
  contactName: z.string().nullable(),
});

const conversationEntrySchema = z.discriminatedUnion('direction', [
  z.object({
    direction: z.literal('in'),
    id: z.number().int(),
    body: z.string(),
    at: z.string(),
    action: z.enum(['opt_out', 'opt_in']).nullable(),
  }),
  z.object({
    direction: z.literal('out'),
    id: z.number().int(),
    body: z.string(),
    at: z.string().describe('When it was queued'),
    state: z.enum(Object.values(MESSAGE_STATES)),
    shownAs: shownAsSchema,
    campaignId: z.number().int().nullable(),
  }),
]);

export const conversationSchema = z.object({
  phone: z.string(),
  phoneShown: phoneShownSchema,
  contact: z.object({ id: z.number().int(), name: z.string().nullable(), optedOut: z.boolean() }).nullable(),
  items: z.array(conversationEntrySchema).describe('Oldest first'),
});

/** Messages a conversation shows at most: the latest ones. */
const CONVERSATION_LIMIT = 200;

export function inboundRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/inbound',
      tag: 'inbound',
      access: 'user',
      summary: "Customers' messages to the cafe, newest first, with the sender's name when saved; STOP/START show as opt_out/opt_in",
      query: z.object({ limit: limitSchema(500, 50), offset: offsetSchema }),
      responses: {
        200: { description: 'A page of inbound messages', schema: z.object({ items: z.array(inboxItemSchema), total: z.number().int() }) },
        ...COMMON_ERRORS,
      },
      handler: async ({ query }) => {
        const page = await listInbound(deps.db, query);
        const contacts = await contactsByPhone(deps.db, page.items.map((item) => item.phone));
        const items = page.items.map((item) => {
          const contact = contacts.get(item.phone);
          return { ...item, phoneShown: phoneForStaff(item.phone), contactId: contact?.id ?? null, contactName: contact?.name ?? null };
        });
        return { items, total: page.total };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/inbound/conversation',
      tag: 'inbound',
      access: 'user',
      summary: 'Every message between the cafe and one number, both ways, oldest first (the latest 200), and who it is',
      query: z.object({ phone: z.string().trim().min(1, 'must not be empty').max(40, 'is too long to be a phone number') }),
      responses: { 200: { description: 'The conversation', schema: conversationSchema }, ...COMMON_ERRORS },
      handler: async ({ query }) => {
        const phone = await blamingField('phone', () => normalizePhone(query.phone, deps.config.defaultCountry));
        const contact = (await contactsByPhone(deps.db, [phone])).get(phone) ?? null;
        const items = await listConversation(deps.db, phone, CONVERSATION_LIMIT);
        return { phone, phoneShown: phoneForStaff(phone), contact, items };
      },
    }),
  ];
}
