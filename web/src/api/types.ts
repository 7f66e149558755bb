/**
 * Shapes of the HTTP API (see the API contract): what the dashboard reads and sends.
 *
 * The answers are the server's route schemas (the ones /api/openapi.json is made from), so a change
 * on one side that the other does not follow is a type error here. Type-only imports: neither zod
 * nor server code reaches the bundle, and the schema modules import only zod and pure modules, so
 * the dashboard's typecheck does not read the server's.
 */
import type { z } from 'zod';
import type { signedInSchema } from '../../../src/server/routes/auth-schemas.js';
import type { balanceViewSchema } from '../../../src/server/routes/balance-schemas.js';
import type {
  campaignListSchema,
  campaignViewSchema,
  campaignWithStatsSchema,
  previewSchema,
  sampleSchema,
} from '../../../src/server/routes/campaign-schemas.js';
import type {
  consentHistorySchema,
  contactPageSchema,
  contactViewSchema,
  importResultSchema,
  tagCountsSchema,
} from '../../../src/server/routes/contact-answer-schemas.js';
import type { healthSchema } from '../../../src/server/routes/health-schemas.js';
import type { conversationSchema, inboundViewSchema, inboxPageSchema } from '../../../src/server/routes/inbound-schemas.js';
import type { messagePageSchema, messageViewSchema, sentMessageSchema } from '../../../src/server/routes/message-schemas.js';
import type { overviewSchema } from '../../../src/server/routes/overview-schemas.js';
import type { sandboxBalanceSchema } from '../../../src/server/routes/sandbox-schemas.js';
import type { settingsViewSchema } from '../../../src/server/routes/settings-schemas.js';
import type {
  apiKeyListSchema,
  passwordResetSchema,
  userListSchema,
  userWithPasswordSchema,
} from '../../../src/server/routes/user-schemas.js';
import type { modeSchema, userViewSchema } from '../../../src/server/schemas.js';

export type Mode = z.infer<typeof modeSchema>;

export type User = z.infer<typeof userViewSchema>;
export type Role = User['role'];
export type StaffUser = User;
export type UserList = z.infer<typeof userListSchema>;
/** A password the server generated, answered this once. */
export type PasswordOnce = z.infer<typeof userWithPasswordSchema>;
export type PasswordReset = z.infer<typeof passwordResetSchema>;
export type ApiKeyList = z.infer<typeof apiKeyListSchema>;
export type ApiKeyInfo = ApiKeyList['items'][number];

/** A sign-in's answer; also "who am I" here, as the dashboard signs in with a cookie (an API key's answer has nulls). */
export type SessionInfo = z.infer<typeof signedInSchema>;

export type Health = z.infer<typeof healthSchema>;

export type Contact = z.infer<typeof contactViewSchema>;
export type ContactPage = z.infer<typeof contactPageSchema>;
export type TagCount = z.infer<typeof tagCountsSchema>[number];
export type ImportReport = z.infer<typeof importResultSchema>;
export type ImportRejection = ImportReport['rejected'][number];
export type ConsentHistory = z.infer<typeof consentHistorySchema>;
export type ConsentEvent = ConsentHistory['items'][number];
/** Where a change of consent came from: a customer's STOP/START reply, staff, a CSV import, an API key, the CLI. */
export type ConsentSource = ConsentEvent['source'];

export type Campaign = z.infer<typeof campaignViewSchema>;
export type CampaignState = Campaign['state'];
export type MessageType = Campaign['type'];
export type CampaignWithStats = z.infer<typeof campaignWithStatsSchema>;
export type CampaignList = z.infer<typeof campaignListSchema>;
export type MessageCounts = CampaignWithStats['counts'];
export type CampaignPreview = z.infer<typeof previewSchema>;
export type PreviewSample = z.infer<typeof sampleSchema>;
export type SmsEncoding = PreviewSample['encoding'];

export type OutboxMessageView = z.infer<typeof messageViewSchema>;
export type MessageState = OutboxMessageView['state'];
export type MessagePage = z.infer<typeof messagePageSchema>;
export type SentMessage = z.infer<typeof sentMessageSchema>;

/** The vocabulary of what became of a message: the same module the server and the CLI use. */
export { MESSAGE_STAGES, STAGE_LABELS, type MessageStage, type ShownAs } from '../../../src/outbox/message-stage.js';

export type InboundMessage = z.infer<typeof inboundViewSchema>;
export type InboxPage = z.infer<typeof inboxPageSchema>;
/** A customer's message as the inbox lists it, with who sent it. */
export type InboxItem = InboxPage['items'][number];
export type Conversation = z.infer<typeof conversationSchema>;
export type ConversationEntry = Conversation['items'][number];

export type Overview = z.infer<typeof overviewSchema>;
export type WorkerSnapshot = NonNullable<Overview['worker']>;
export type AccountHold = NonNullable<Overview['accountHold']>;

/** What the gateway says is left on the account (GET /api/balance). */
export type BalanceView = z.infer<typeof balanceViewSchema>;
export type AccountBalance = BalanceView['balance'];
export type SandboxBalance = z.infer<typeof sandboxBalanceSchema>;

export type Settings = z.infer<typeof settingsViewSchema>;

/* What the dashboard sends: its own requests, written here. */

export interface PreviewRequest {
  template: string;
  type: MessageType;
  tags: string[];
  transactional: boolean;
  contactId?: number;
}

export interface NewCampaign {
  name: string;
  template: string;
  type: MessageType;
  tags: string[];
  transactional: boolean;
  scheduledAt?: string;
}

export interface SettingsUpdate {
  senderId?: string;
  sendRate?: number;
  quietHours?: string;
  optOutText?: string;
  lowBalanceUnits?: number | null;
}
