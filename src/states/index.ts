/**
 * The states a message and a campaign can be in: column values that the store, the outbox, the
 * campaigns and the dashboard all read. A leaf module (it imports nothing), so the store never
 * imports the outbox or the campaigns to know what a row may hold.
 */
export { CAMPAIGN_STATES, type CampaignPurpose, type CampaignState } from './campaign-states.js';
export { FINAL_STATES, MESSAGE_STATES, UNSETTLED_STATES, type MessageState } from './message-states.js';
