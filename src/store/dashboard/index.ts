/** What the dashboard's screens read: pages of messages and replies, and today's counts. */
export { findOutboxRow, listOutboxRows, outboxRowsToPhone, type OutboxRowFilter } from './messages.js';
export { findInboundRowByUid, inboundRowsFromPhone, listInboundRows } from './inbound.js';
export { activeCampaignIds, countMessagesSince, type TodayCounts } from './overview.js';
