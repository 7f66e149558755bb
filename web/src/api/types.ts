/** Shapes of the HTTP API (see the API contract): what the dashboard reads and sends. */

export type Mode = 'sandbox' | 'live';
export type Role = string;

export interface User {
  id: number;
  username: string;
  role: Role;
}

export interface SessionInfo {
  user: User;
  csrfToken: string;
}

export interface Health {
  ok: boolean;
  mode: Mode;
}

export interface Contact {
  id: number;
  phone: string;
  name: string | null;
  tags: string[];
  fields: Record<string, string>;
  optedOut: boolean;
  optedOutAt: string | null;
  optOutReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface TagCount {
  tag: string;
  count: number;
}

export interface ImportRejection {
  line: number;
  reason: string;
  input?: string;
}

export interface ImportReport {
  imported: number;
  updated: number;
  merged: number;
  /** Contacts the file says opted out who were not yet. */
  optedOut: number;
  total: number;
  /** The first rejected rows (the server answers at most 1,000), in file order. */
  rejected: ImportRejection[];
  /** Rows rejected in all. */
  rejectedTotal: number;
}

export const CAMPAIGN_STATES = ['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

export const MESSAGE_STATES = [
  'queued',
  'sending',
  'unknown',
  'accepted',
  'delivered',
  'failed',
  'skipped',
  'cancelled',
] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

export type MessageType = 'text' | 'image';
export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface Campaign {
  id: number;
  name: string;
  template: string;
  type: MessageType;
  purpose: 'promotional' | 'transactional';
  /** Contacts with ANY of these tags; empty means everyone. */
  audienceTags: string[];
  optOutText: string | null;
  state: CampaignState;
  scheduledAt: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  cancelledAt?: string | null;
}

export type MessageCounts = Record<MessageState, number>;

export interface CampaignWithStats {
  campaign: Campaign;
  counts: MessageCounts;
  total: number;
  segments: number;
  /** Settled messages / total, 0..1. */
  progress: number;
  /** Delivered / sent; null before anything was sent. */
  deliveredRate: number | null;
  /** A promotional campaign held by quiet hours (now, or at its scheduled start): when its messages may go. */
  quietHoursUntil: string | null;
  /** Why its messages wait, in a sentence (e.g. the account has no SMS units left); absent from older servers. */
  waitingFor?: string | null;
}

export interface PreviewSample {
  contactId?: number;
  phone: string;
  name: string | null;
  body: string;
  encoding: SmsEncoding;
  segments: number;
  characters: number;
  /** Why this (picked) contact would not get the message, e.g. optedOut. */
  excluded?: string;
}

export interface CampaignPreview {
  recipients: number;
  excluded: { optedOut: number; [reason: string]: number };
  byEncoding: Partial<Record<SmsEncoding, number>>;
  segments: { total: number; max: number };
  samples: PreviewSample[];
  error?: string;
}

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

export interface OutboxMessageView {
  id: number;
  campaignId: number | null;
  phone: string;
  body: string;
  type: MessageType;
  encoding: SmsEncoding;
  segments: number;
  state: MessageState;
  gatewayUid: string | null;
  gatewayStatus: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
  finalAt: string | null;
  /** The number as staff write it (0300-1234567), computed by the server like the Inbox's. */
  phoneShown: string;
  /** The saved contact's name for the number; null when it is not a contact or has no name. */
  contactName: string | null;
  /** What became of it in staff words, from the one vocabulary module (src/outbox/message-stage.ts). */
  shownAs: import('../../../src/outbox/message-stage.js').ShownAs;
}

/** The vocabulary of what became of a message: the same module the server and the CLI use. */
export { MESSAGE_STAGES, STAGE_LABELS, type MessageStage, type ShownAs } from '../../../src/outbox/message-stage.js';

export interface InboundMessage {
  id: number;
  phone: string;
  body: string;
  action: 'opt_out' | 'opt_in' | null;
  contactId: number | null;
  receivedAt: string;
}

/** What the outbox worker says it is doing; fields optional because the dashboard only displays them. */
export interface WorkerSnapshot {
  workerId?: string;
  /** starting, sending, idle, quiet_hours, rate_limited, reconciling, held, gateway_down, stopping, stopped. */
  state?: string;
  /** Current pace in segments per second (lowered while the gateway throttles). */
  pace?: number;
  /** The configured pace. */
  sendRate?: number;
  inFlight?: number;
  sentThisRun?: number;
  /** Messages whose outcome is being checked against the gateway's list. */
  unknown?: number;
  lastError?: { code?: string; message?: string; at?: string } | string | null;
  /** While held: when sending resumes (ISO). */
  heldUntil?: string | null;
  startedAt?: string;
  updatedAt?: string;
}

export interface Overview {
  mode: Mode;
  senderId: string;
  today: { sent: number; delivered: number; failed: number; pending: number };
  campaigns: CampaignWithStats[];
  worker: WorkerSnapshot | null;
  /** Sending held for the whole account (no SMS units left, a refused token); absent from older servers. */
  accountHold?: AccountHold | null;
}

export interface AccountHold {
  reason: string;
  message: string;
  since: string;
}

/** What the gateway says is left on the account (GET /api/balance). */
export type AccountBalance =
  | { kind: 'units'; units: number; text: string }
  | { kind: 'unlimited'; text: string }
  | { kind: 'unknown'; reason: string };

export interface BalanceView {
  balance: AccountBalance;
  /** Rupees per SMS unit (SMS_UNIT_PRICE); null when not set. */
  unitPrice: number | null;
  /** The units in rupees; null when either is unknown. */
  value: number | null;
  lowThreshold: number | null;
  low: boolean;
  checkedAt: string;
  error?: { code: string; message: string } | null;
}

export interface Settings {
  senderId: string;
  sendRate: number;
  sendConcurrency: number;
  /** '21:00-09:00' or 'off'. */
  quietHours: string;
  optOutText: string;
  optOutKeywords: string[];
  optInKeywords: string[];
  mode: Mode;
  /** The overview warns below this many SMS units; null: no warning. Absent from older servers. */
  lowBalanceUnits?: number | null;
}

export interface SettingsUpdate {
  senderId?: string;
  sendRate?: number;
  quietHours?: string;
  optOutText?: string;
  lowBalanceUnits?: number | null;
}

/** Where a change of consent came from: a customer's STOP/START reply, staff, a CSV import, an API key, the CLI. */
export type ConsentSource = 'cli' | 'api' | 'dashboard' | 'inbound' | 'import';

export interface ConsentEvent {
  id: number;
  change: 'opt_out' | 'opt_in';
  source: ConsentSource;
  /** The staff member's username or the API key's name; null for a reply, an import or the CLI. */
  actor: string | null;
  reason: string | null;
  createdAt: string;
}

/** A customer's message as the inbox lists it, with who sent it. */
export interface InboxItem extends InboundMessage {
  /** The number as staff write it (0300-1234567). */
  phoneShown: string;
  contactName: string | null;
}

export type ConversationEntry =
  | { direction: 'in'; id: number; body: string; at: string; action: 'opt_out' | 'opt_in' | null }
  | { direction: 'out'; id: number; body: string; at: string; state: MessageState; shownAs: import('../../../src/outbox/message-stage.js').ShownAs; campaignId: number | null };

export interface Conversation {
  phone: string;
  phoneShown: string;
  contact: { id: number; name: string | null; optedOut: boolean } | null;
  /** Oldest first. */
  items: ConversationEntry[];
}

export interface StaffUser {
  id: number;
  username: string;
  role: 'admin' | 'staff';
  createdAt: string;
}

/** A password the server generated, answered this once. */
export interface PasswordOnce {
  user: StaffUser;
  password: string;
}

export interface ApiKeyInfo {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
