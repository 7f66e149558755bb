import * as z from 'zod';
import { MESSAGE_STATES } from '../../states/index.js';
import { pageSchema } from '../schemas.js';
import { shownAsSchema } from './message-schemas.js';

/** Answers of the inbound routes (and of the sandbox's pretend reply). */

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

export const inboxPageSchema = pageSchema(inboxItemSchema);

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
