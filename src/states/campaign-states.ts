/**
 * draft ──schedule──▶ scheduled ──time comes──▶ running ⇄ paused
 * draft ──start─────────────────────────────▶ running ──every message settled──▶ completed
 * any but completed ──cancel──▶ cancelled
 * "Settled" means no message is queued, sending or unknown: each one was accepted, failed, skipped or
 * cancelled. Delivery reports keep arriving after completion and only change the statistics.
 */
export const CAMPAIGN_STATES = Object.freeze({
  draft: 'draft',
  scheduled: 'scheduled',
  running: 'running',
  paused: 'paused',
  completed: 'completed',
  cancelled: 'cancelled',
} as const);

export type CampaignState = (typeof CAMPAIGN_STATES)[keyof typeof CAMPAIGN_STATES];

export type CampaignPurpose = 'promotional' | 'transactional';
