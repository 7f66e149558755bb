import * as z from 'zod';
import { CafeError } from '../errors/index.js';
import { normalizeTags } from '../store/index.js';

/** What a new campaign is made of, as callers (CLI, API, dashboard) give it. */
export interface CreateCampaignInput {
  name: string;
  template: string;
  type?: 'text' | 'image';
  /** Audience: contacts with ANY of these tags; empty or absent means every contact. */
  tags?: string[];
  /** Transactional campaigns carry no opt-out line and are not held in quiet hours. */
  transactional?: boolean;
  scheduledAt?: Date;
}

const inputSchema = z.object({
  name: z
    .string({ error: 'name must be text' })
    .trim()
    .min(1, 'A campaign needs a name (1 to 100 characters)')
    .max(100, 'The campaign name is longer than 100 characters: shorten it'),
  template: z
    .string({ error: 'message must be text' })
    .refine((text) => text.trim() !== '', 'The message template is empty: write the text to send'),
  type: z.enum(['text', 'image'], { error: 'type must be "text" or "image"' }).default('text'),
  tags: z
    .array(
      z.string().refine((tag) => tag.trim() !== '', 'A tag is empty: leave it out or give a name'),
      {
        error: 'tags must be a list of tag names',
      },
    )
    .default([]),
  transactional: z.boolean({ error: 'transactional must be true or false' }).default(false),
  scheduledAt: z.date({ error: 'scheduledAt must be a valid date' }).optional(),
});

export type ValidCampaignInput = Required<Omit<CreateCampaignInput, 'scheduledAt'>> & { scheduledAt: Date | undefined };

/** Checks and normalises the input (name trimmed; tags lower-cased, trimmed, deduplicated). */
export function parseCampaignInput(input: CreateCampaignInput): ValidCampaignInput {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'campaign');
    throw new CafeError('invalid_input', issue?.message ?? `The campaign's ${field} is not valid`, {
      input: field,
      field,
    });
  }
  const value = parsed.data;
  return { ...value, tags: normalizeTags(value.tags), scheduledAt: value.scheduledAt };
}
