/**
 * Campaigns: one message template sent to an audience of contacts (by tag), through the durable
 * outbox.
 *
 * Every recipient of a campaign gets exactly one SMS (docs/outbox.md, "The exactly-once guarantee").
 * The campaign's share of it: `advanceCampaigns` materialises the audience into unique (campaign,
 * phone) outbox rows before any call, batch by batch, each batch in one transaction with the cursor
 * that says where the next one starts.
 * Pause, resume and cancel never touch rows already sending, unknown or accepted; cancel moves only
 * `queued` rows to `cancelled`. A campaign completes only when fully materialised with none of its
 * rows queued, sending or unknown.
 *
 * Promotional text campaigns carry the opt-out line (a snapshot of OPT_OUT_TEXT taken at creation)
 * on its own line at the end of every message, and are held during quiet hours; transactional
 * campaigns carry none and are not held. Contacts who opted out are never given a row, and one who
 * opts out while a row waits is skipped when the row is claimed.
 */
export { advanceCampaigns, campaignAdvancer, type AdvanceCampaignsOptions, type AdvanceResult } from './advance-campaigns.js';
export { campaignStats, listCampaigns, type CampaignStats } from './campaign-stats.js';
export type { CreateCampaignInput } from './campaign-input.js';
export type { CampaignView } from './campaign-view.js';
export { createCampaign, type CreateCampaignDeps } from './create-campaign.js';
export type { ExclusionReason } from './message-builder.js';
export {
  previewCampaign,
  previewTemplate,
  type AudiencePreview,
  type CampaignPreview,
  type PreviewOptions,
  type PreviewSample,
  type PreviewTemplateDeps,
  type PreviewTemplateInput,
} from './preview-campaign.js';
export { quietHoursHoldUntil } from './quiet-hours-hold.js';
export { parseCampaignId } from './require-campaign.js';
export {
  cancelCampaign,
  pauseCampaign,
  possibleActions,
  resumeCampaign,
  scheduleCampaign,
  startCampaign,
  type CampaignAction,
  type TransitionDeps,
} from './transitions.js';
export { accountHoldNotice } from './account-hold-notice.js';
