/**
 * The dashboard declares the API's answers in web/src/api/types.ts; the server describes them with
 * zod schemas (also its OpenAPI document). This file only typechecks (`npm test` runs tsc): it fails
 * when the server stops sending something the dashboard reads, so the two cannot drift apart.
 */
import type { z } from 'zod';
import type { WorkerSnapshot as ServerWorkerSnapshot } from '../../src/outbox/index.js';
import type { campaignViewSchema, campaignWithStatsSchema, previewSchema, sampleSchema } from '../../src/server/routes/campaign-schemas.js';
import type { consentEventViewSchema, contactViewSchema, importResultSchema } from '../../src/server/routes/contact-schemas.js';
import type { OutboxMessageView } from '../../src/server/views/messages.js';
import type { conversationSchema, inboundViewSchema, inboxItemSchema } from '../../src/server/routes/inbound.js';
import type { ApiKey, User as ServerUser } from '../../src/access/index.js';
import type { userViewSchema } from '../../src/server/schemas.js';
import type { toSettingsView } from '../../src/settings/index.js';
import type * as Dashboard from '../../web/src/api/types.js';

/** true when every value of `Sent` is one the dashboard accepts as `Read`. */
type Reads<Sent, Read> = [Sent] extends [Read] ? true : false;

export const contracts: Record<string, true> = {
  contact: true satisfies Reads<z.output<typeof contactViewSchema>, Dashboard.Contact>,
  importReport: true satisfies Reads<z.output<typeof importResultSchema>, Dashboard.ImportReport>,
  campaign: true satisfies Reads<z.output<typeof campaignViewSchema>, Dashboard.Campaign>,
  campaignWithStats: true satisfies Reads<z.output<typeof campaignWithStatsSchema>, Dashboard.CampaignWithStats>,
  previewSample: true satisfies Reads<z.output<typeof sampleSchema>, Dashboard.PreviewSample>,
  preview: true satisfies Reads<z.output<typeof previewSchema>, Dashboard.CampaignPreview>,
  outboxMessage: true satisfies Reads<OutboxMessageView, Dashboard.OutboxMessageView>,
  inbound: true satisfies Reads<z.output<typeof inboundViewSchema>, Dashboard.InboundMessage>,
  inboxItem: true satisfies Reads<z.output<typeof inboxItemSchema>, Dashboard.InboxItem>,
  conversation: true satisfies Reads<z.output<typeof conversationSchema>, Dashboard.Conversation>,
  consentEvent: true satisfies Reads<z.output<typeof consentEventViewSchema>, Dashboard.ConsentEvent>,
  staffUser: true satisfies Reads<ServerUser, Dashboard.StaffUser>,
  apiKey: true satisfies Reads<ApiKey, Dashboard.ApiKeyInfo>,
  user: true satisfies Reads<z.output<typeof userViewSchema>, Dashboard.User>,
  workerSnapshot: true satisfies Reads<ServerWorkerSnapshot, Dashboard.WorkerSnapshot>,
  settings: true satisfies Reads<ReturnType<typeof toSettingsView>, Dashboard.Settings>,
};
