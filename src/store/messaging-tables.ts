import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CampaignPurpose, CampaignState } from '../states/index.js';
import type { MessageType } from '../gateway/types.js';
import type { MessageState } from '../states/index.js';
import type { SmsEncoding } from '../sms/index.js';

/** Times are ISO-8601 UTC text: they sort and compare as strings. */
type Timestamp = string;

export interface CampaignsTable {
  id: Generated<number>;
  name: string;
  /** The template as written, with {{placeholders}}; the opt-out line is NOT part of it. */
  template: string;
  type: MessageType;
  purpose: CampaignPurpose;
  /** JSON array of tags; empty means every contact. */
  audience_tags: ColumnType<string, string | undefined, string>;
  /** Snapshot of the opt-out line taken at creation (null for transactional campaigns). */
  opt_out_text: string | null;
  state: CampaignState;
  scheduled_at: Timestamp | null;
  /** Highest contact id already turned into outbox rows: materialising resumes after it. */
  enqueue_cursor: ColumnType<number, number | undefined, number>;
  /** Set once every recipient has an outbox row. */
  enqueued_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
}

export interface OutboxMessagesTable {
  id: Generated<number>;
  /** Null for one-off (transactional) messages. */
  campaign_id: number | null;
  contact_id: number | null;
  phone: string;
  body: string;
  type: MessageType;
  encoding: SmsEncoding;
  segments: number;
  /** 1 for promotional: held in quiet hours. */
  promotional: ColumnType<number, number | undefined, number>;
  /** Higher goes first: one-off transactional messages jump the campaign queue. */
  priority: ColumnType<number, number | undefined, number>;
  state: MessageState;
  attempts: ColumnType<number, number | undefined, number>;
  /** Earliest time the row may be claimed (retry backoff pushes it later). */
  next_attempt_at: Timestamp;
  claimed_by: string | null;
  claimed_at: Timestamp | null;
  /** When the last request carrying it went out. */
  sent_at: Timestamp | null;
  /** When it entered `unknown`: the reconciliation grace period counts from here. */
  unknown_since: Timestamp | null;
  gateway_uid: string | null;
  /** The gateway's raw status text, verbatim. */
  gateway_status: string | null;
  /** The gateway's own cost of the message, when its answer gave one. */
  gateway_cost: ColumnType<number | null, number | null | undefined, number | null>;
  next_check_at: Timestamp | null;
  error_code: string | null;
  error_message: string | null;
  /** Idempotency-Key of the API request that created it, if any. */
  idempotency_key: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  final_at: Timestamp | null;
}

export interface WorkersTable {
  id: string;
  pid: number;
  hostname: string;
  started_at: Timestamp;
  heartbeat_at: Timestamp;
  stopped_at: Timestamp | null;
  /** JSON snapshot of what the worker is doing, for the dashboard. */
  snapshot: ColumnType<string, string | undefined, string>;
}

export interface InboundMessagesTable {
  id: Generated<number>;
  gateway_uid: string;
  phone: string;
  body: string;
  contact_id: number | null;
  /** What the message did: 'opt_out', 'opt_in' or null. */
  action: string | null;
  received_at: Timestamp;
  created_at: Timestamp;
}

/** Small key/value facts the worker keeps between runs (sync watermarks). */
export interface SyncStateTable {
  key: string;
  value: string;
  updated_at: Timestamp;
}

/** The account's one sending pace, shared by every worker (see store/outbox/shared-pace.ts). */
export interface SendPaceTable {
  account: string;
  next_free_ms: number;
  updated_at: Timestamp;
}

/** The gateway's call limit as learned by being throttled (one row per account). */
export interface GatewayLimitTable {
  account: string;
  calls_per_second: number;
  learned_at: Timestamp;
}

/** A chore one process at a time does: held while `expires_at` is ahead and renewed by its holder. */
export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: Timestamp;
  updated_at: Timestamp;
}

export interface MessagingTables {
  campaigns: CampaignsTable;
  outbox_messages: OutboxMessagesTable;
  workers: WorkersTable;
  inbound_messages: InboundMessagesTable;
  sync_state: SyncStateTable;
  send_pace: SendPaceTable;
  gateway_limit: GatewayLimitTable;
  leases: LeasesTable;
}

export type Campaign = Selectable<CampaignsTable>;
export type NewCampaign = Insertable<CampaignsTable>;
export type CampaignUpdate = Updateable<CampaignsTable>;
export type OutboxMessage = Selectable<OutboxMessagesTable>;
export type NewOutboxMessage = Insertable<OutboxMessagesTable>;
export type InboundMessage = Selectable<InboundMessagesTable>;
export type WorkerRow = Selectable<WorkersTable>;
