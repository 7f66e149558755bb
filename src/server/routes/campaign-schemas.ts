import * as z from 'zod';
import { CAMPAIGN_STATES, MESSAGE_STATES, type MessageState } from '../../states/index.js';
import { isoDateTimeSchema, listSchema } from '../schemas.js';

/** Inputs and answers of the campaign routes. */

const MAX_TEMPLATE_LENGTH = 1600;

export const typeSchema = z.enum(['text', 'image'], { error: 'must be "text" or "image"' });
export const tagsSchema = z
  .array(z.string().trim().min(1, 'a tag must not be empty').max(50, 'a tag must be at most 50 characters'), {
    error: 'must be a list of tags',
  })
  .max(50, 'at most 50 tags');
export const templateSchema = z
  .string()
  .max(MAX_TEMPLATE_LENGTH, `must be at most ${MAX_TEMPLATE_LENGTH} characters`)
  .refine((text) => text.trim() !== '', 'must not be empty: write the message to send');

export const createCampaignBody = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  template: templateSchema,
  type: typeSchema.default('text'),
  tags: tagsSchema.default([]),
  transactional: z.boolean({ error: 'must be true or false' }).default(false),
  scheduledAt: isoDateTimeSchema.optional(),
});

export const previewCampaignBody = z.strictObject({
  template: templateSchema,
  type: typeSchema.default('text'),
  tags: tagsSchema.default([]),
  transactional: z.boolean({ error: 'must be true or false' }).default(false),
  contactId: z.number({ error: 'must be a contact id' }).int('must be a whole number').positive('must be a contact id').optional(),
});

export const noBody = z.strictObject({}).optional();

export const campaignViewSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  template: z.string(),
  type: typeSchema,
  purpose: z.enum(['promotional', 'transactional']),
  transactional: z.boolean(),
  audienceTags: z.array(z.string()).describe('Contacts with ANY of these tags; empty means everyone'),
  tags: z.array(z.string()).describe('The same as audienceTags'),
  optOutText: z.string().nullable(),
  state: z.enum(Object.values(CAMPAIGN_STATES)),
  scheduledAt: z.string().nullable(),
  materialised: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
});

export const campaignWithStatsSchema = z.object({
  campaign: campaignViewSchema,
  // Every state, each a count: typed per state, so the dashboard's MessageCounts is checked against it.
  counts: z.object(
    Object.fromEntries(Object.values(MESSAGE_STATES).map((state) => [state, z.number().int()])) as Record<MessageState, z.ZodNumber>,
  ),
  total: z.number().int(),
  segments: z.number().int(),
  progress: z.number().min(0).max(1),
  deliveredRate: z.number().nullable(),
  gatewayCost: z.number().describe("The gateway's own cost of the messages sent, where its answers gave one"),
  waitingFor: z
    .string()
    .nullable()
    .describe('Why a running campaign waits (e.g. the account has no SMS units left), in staff words; null when it does not'),
  quietHoursUntil: z
    .string()
    .nullable()
    .describe('A promotional campaign held by quiet hours (now, or at its scheduled start): when its messages may go'),
});

export const campaignListSchema = listSchema(campaignWithStatsSchema);

export const sampleSchema = z.object({
  contactId: z.number().int(),
  phone: z.string(),
  name: z.string().nullable(),
  body: z.string(),
  encoding: z.enum(['GSM-7', 'UCS-2']),
  segments: z.number().int(),
  characters: z.number().int(),
  excluded: z.string().optional(),
});

export const previewSchema = z.object({
  recipients: z.number().int(),
  excluded: z.object({
    optedOut: z.number().int(),
    invalidPhone: z.number().int(),
    emptyMessage: z.number().int(),
    invalidImageUrl: z.number().int(),
    tooLong: z.number().int().describe('Messages longer than MAX_SEGMENTS SMS parts: not sent'),
  }),
  tooLong: z
    .array(z.object({ contactId: z.number().int(), phone: z.string(), name: z.string().nullable(), segments: z.number().int() }))
    .describe('The first few contacts whose message would be too long'),
  byEncoding: z.object({ 'GSM-7': z.number().int(), 'UCS-2': z.number().int() }),
  segments: z.object({ total: z.number().int(), max: z.number().int() }),
  samples: z.array(sampleSchema),
});
