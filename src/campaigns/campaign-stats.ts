import type { Kysely } from 'kysely';
import { MESSAGE_STATES, UNSETTLED_STATES, type MessageState } from '../states/index.js';
// The store's own modules, not its index: `campaign status` loads this, and its start-up is timed.
import { countMessagesByState, selectAllCampaigns } from '../store/campaigns.js';
import type { Database } from '../store/index.js';
import { readAccountHold } from '../store/outbox/account-hold.js';
import { accountHoldNotice } from './account-hold-notice.js';
import { toCampaignView, type CampaignView } from './campaign-view.js';
import { requireCampaign } from './require-campaign.js';

export interface CampaignStats {
  campaign: CampaignView;
  /** Outbox rows of the campaign in each message state (every state present, zero included). */
  counts: Record<MessageState, number>;
  /** Outbox rows so far; grows while the campaign is being materialised. */
  total: number;
  /** SMS segments of every row that was or may still be sent (skipped and cancelled rows excluded). */
  segments: number;
  /** Settled rows (no longer queued, sending or unknown) over total; 0 when there is no row yet. */
  progress: number;
  /** Delivered over the rows the gateway took or refused (accepted + delivered + failed); null before any. */
  deliveredRate: number | null;
  /** The gateway's own cost of the campaign's messages, summed over the answers that gave one. */
  gatewayCost: number;
  /** Why a running campaign's messages wait, in staff's words (an empty account); null when they do not. */
  waitingFor: string | null;
}

function emptyCounts(): Record<MessageState, number> {
  const counts = {} as Record<MessageState, number>;
  for (const state of Object.values(MESSAGE_STATES)) counts[state] = 0;
  return counts;
}

export async function campaignStats(db: Kysely<Database>, id: number): Promise<CampaignStats> {
  const campaign = await requireCampaign(db, id);
  const counts = emptyCounts();
  let segments = 0;
  let gatewayCost = 0;
  for (const row of await countMessagesByState(db, campaign.id)) {
    counts[row.state] = row.messages;
    gatewayCost += row.cost;
    if (row.state !== 'skipped' && row.state !== 'cancelled') segments += row.segments;
  }
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const unsettled = UNSETTLED_STATES.reduce((sum, state) => sum + counts[state], 0);
  const handled = counts.accepted + counts.delivered + counts.failed;
  return {
    campaign: toCampaignView(campaign),
    counts,
    total,
    segments,
    progress: total === 0 ? 0 : (total - unsettled) / total,
    deliveredRate: handled === 0 ? null : counts.delivered / handled,
    gatewayCost,
    waitingFor: campaign.state === 'running' && unsettled + (campaign.enqueued_at === null ? 1 : 0) > 0 ? await accountWait(db) : null,
  };
}

/** What an account hold means for a campaign's messages, or null without one. */
async function accountWait(db: Kysely<Database>): Promise<string | null> {
  const hold = await readAccountHold(db);
  return hold === undefined ? null : accountHoldNotice(hold);
}

/** Every campaign, newest first. */
export async function listCampaigns(db: Kysely<Database>): Promise<CampaignView[]> {
  return (await selectAllCampaigns(db)).map(toCampaignView);
}
