import * as z from 'zod';
import { MESSAGE_STAGES } from '../../outbox/message-stage.js';
import { MESSAGE_STATES } from '../../states/index.js';
import { pageSchema } from '../schemas.js';

/** Answers of the message routes. */

/** What became of a message, in the words every screen uses (src/outbox/message-stage.ts). */
export const shownAsSchema = z
  .object({
    stage: z.enum(MESSAGE_STAGES),
    label: z.string().describe('The stage in staff words: Waiting, Sent to the gateway, Delivered, Not delivered, Failed, Not sent'),
    detail: z.string().describe('Why, with the gateway\'s own status or error (its send-time "Delivered" means only accepted)'),
  })
  .describe('What became of the message, as every screen shows it; "delivered" only from a delivery report');

export const messageViewSchema = z.object({
  id: z.number().int(),
  campaignId: z.number().int().nullable(),
  phone: z.string(),
  phoneShown: z.string().describe('The number as staff write it: 0300-1234567 (other countries +971…)'),
  contactName: z.string().nullable().describe("The saved contact's name; null when the number is not a contact or has no name"),
  body: z.string(),
  type: z.enum(['text', 'image']),
  encoding: z.enum(['GSM-7', 'UCS-2']),
  segments: z.number().int(),
  state: z.enum(Object.values(MESSAGE_STATES)),
  gatewayUid: z.string().nullable(),
  gatewayStatus: z.string().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  finalAt: z.string().nullable(),
  shownAs: shownAsSchema,
});

/** A message sent with POST /api/messages, queued or replayed. */
export const sentMessageSchema = z.object({ message: messageViewSchema });

export const messagePageSchema = pageSchema(messageViewSchema);
