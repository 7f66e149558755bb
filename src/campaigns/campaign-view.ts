import { CafeError } from '../errors/index.js';
import type { MessageType } from '../gateway/types.js';
import type { Campaign } from '../store/index.js';
import type { CampaignPurpose, CampaignState } from '../states/index.js';

/** A campaign as the CLI, the API and the dashboard show it (times ISO-8601 UTC). */
export interface CampaignView {
  id: number;
  name: string;
  template: string;
  type: MessageType;
  purpose: CampaignPurpose;
  transactional: boolean;
  /** Audience: contacts with ANY of these tags; empty means every contact. */
  tags: string[];
  /** Line appended to every message of a promotional text campaign; null otherwise. */
  optOutText: string | null;
  state: CampaignState;
  scheduledAt: string | null;
  /** True once every recipient has its outbox row. */
  materialised: boolean;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
}

export function parseAudienceTags(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every((tag) => typeof tag === 'string')) {
    throw new CafeError('internal', `Campaign audience tags are not a JSON array of strings: ${json}`);
  }
  return parsed;
}

export function toCampaignView(row: Campaign): CampaignView {
  return {
    id: row.id,
    name: row.name,
    template: row.template,
    type: row.type,
    purpose: row.purpose,
    transactional: row.purpose === 'transactional',
    tags: parseAudienceTags(row.audience_tags),
    optOutText: row.opt_out_text,
    state: row.state,
    scheduledAt: row.scheduled_at,
    materialised: row.enqueued_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    cancelledAt: row.cancelled_at,
  };
}
