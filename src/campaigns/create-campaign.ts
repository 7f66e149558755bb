import type { Kysely } from 'kysely';
import { type Database, insertCampaign } from '../store/index.js';
import { parseCampaignInput, type CreateCampaignInput } from './campaign-input.js';
import { toCampaignView, type CampaignView } from './campaign-view.js';
import { assertImageTemplate, compileForCampaign, createMessageBuilder } from './message-builder.js';
import { assertNoneTooLong, scanAudience } from './preview-campaign.js';
import { assertFuture } from './transitions.js';

export interface CreateCampaignDeps {
  /** The opt-out line promotional campaigns snapshot (config.optOutText). */
  optOutText: string;
  now: () => Date;
  defaultCountry: string;
  /** Longest message in SMS parts (config.maxSegments): a campaign longer for any contact is refused. */
  maxSegments: number;
}

/**
 * The opt-out line a campaign carries: promotional text campaigns snapshot the configured one (so
 * changing the setting later does not change a campaign half-sent); transactional campaigns carry
 * none, and neither do image campaigns, whose message is a bare URL the gateway fetches.
 */
export function optOutLineFor(input: { type: 'text' | 'image'; transactional: boolean }, optOutText: string): string | null {
  if (input.transactional || input.type === 'image') return null;
  const line = optOutText.trim();
  return line === '' ? null : line;
}

/**
 * Stores a new campaign in `draft`, or `scheduled` when `scheduledAt` (which must be in the future)
 * is given. The template is compiled now, so an unknown placeholder is refused before anything is
 * stored.
 */
export async function createCampaign(db: Kysely<Database>, input: CreateCampaignInput, deps: CreateCampaignDeps): Promise<CampaignView> {
  const valid = parseCampaignInput(input);
  const now = deps.now();
  if (valid.scheduledAt) assertFuture(valid.scheduledAt, now);
  const compiled = await compileForCampaign(db, valid.template);
  if (valid.type === 'image') assertImageTemplate(compiled, valid.template);
  const optOutText = optOutLineFor(valid, deps.optOutText);
  const build = createMessageBuilder(compiled, { template: valid.template, type: valid.type, optOutText, maxSegments: deps.maxSegments });
  assertNoneTooLong(await scanAudience(db, valid.tags, build, { ...deps, sample: 0 }), deps.maxSegments);
  const at = now.toISOString();
  const row = await insertCampaign(db, {
    name: valid.name,
    template: valid.template,
    type: valid.type,
    purpose: valid.transactional ? 'transactional' : 'promotional',
    audience_tags: JSON.stringify(valid.tags),
    opt_out_text: optOutText,
    state: valid.scheduledAt ? 'scheduled' : 'draft',
    scheduled_at: valid.scheduledAt ? valid.scheduledAt.toISOString() : null,
    created_at: at,
    updated_at: at,
  });
  return toCampaignView(row);
}
