import * as z from 'zod';
import { normalizePhone, phoneForStaff } from '../../sms/index.js';
import type { AppDeps } from '../app-deps.js';
import { blamingField } from '../errors.js';
import { contactsByPhone, listConversation } from '../views/conversation.js';
import { listInbound } from '../views/inbound.js';
import { defineRoute, type Route } from '../route.js';
import { COMMON_ERRORS, limitSchema, offsetSchema } from '../schemas.js';
import { conversationSchema, inboxPageSchema } from './inbound-schemas.js';

// Still exported here for test/contracts/dashboard-types.ts, which imports them from this module.
export { conversationSchema, inboundViewSchema, inboxItemSchema } from './inbound-schemas.js';

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
        200: { description: 'A page of inbound messages', schema: inboxPageSchema },
        ...COMMON_ERRORS,
      },
      handler: async ({ query }) => {
        const page = await listInbound(deps.db, query);
        const contacts = await contactsByPhone(
          deps.db,
          page.items.map((item) => item.phone),
        );
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
