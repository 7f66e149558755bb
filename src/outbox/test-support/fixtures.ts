import type { Kysely } from 'kysely';
import { Secret } from '../../config/index.js';
import { createGatewayClient, type GatewayClient } from '../../gateway/index.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/index.js';
import { measureSms } from '../../sms/index.js';
import { type Database, type NewOutboxMessage, type OutboxMessage, setOptOut, upsertContacts } from '../../store/index.js';
import type { CampaignPurpose, CampaignState } from '../../states/index.js';
import { insertOutboxMessages } from '../../store/outbox/index.js';
import type { MessageState } from '../../states/index.js';

export const TOKEN = 'outbox-test-token';
export const SENDER = 'Cafe de Revenue';

/**
 * A business clock that keeps moving with real time from a chosen start, and can jump. Workers
 * need a moving clock: rows pushed to a later retry must come due.
 */
export interface MovingClock {
  now: () => Date;
  advance(ms: number): void;
  set(iso: string): void;
}

export function movingClock(startIso = '2026-11-26T07:00:00.000Z'): MovingClock {
  let offset = Date.parse(startIso) - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
    set: (iso) => {
      offset = Date.parse(iso) - Date.now();
    },
  };
}

export async function startTestSimulator(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  return startSimulator({ token: TOKEN, deliveryDelayMs: 60_000, ...options });
}

/** A gateway client on the simulator with small delays, so retries do not slow the tests. */
export function testClient(sim: Simulator, extra: { timeoutMs?: number } = {}): GatewayClient {
  return createGatewayClient({
    baseUrl: sim.url,
    token: new Secret(TOKEN),
    senderId: SENDER,
    timeoutMs: extra.timeoutMs ?? 5000,
    maxAttempts: 3,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
  });
}

export function phoneNumber(index: number): string {
  return `9230010${String(index).padStart(5, '0')}`;
}

/** `n` test numbers from phoneNumber(from) on. */
export function phoneNumbers(n: number, from = 1): string[] {
  return Array.from({ length: n }, (_, i) => phoneNumber(from + i));
}

export async function insertCampaign(
  db: Kysely<Database>,
  options: { state?: CampaignState; purpose?: CampaignPurpose; name?: string } = {},
): Promise<number> {
  const now = new Date().toISOString();
  const row = await db
    .insertInto('campaigns')
    .values({
      name: options.name ?? 'Test campaign',
      template: 'Hello {{name}}',
      type: 'text',
      purpose: options.purpose ?? 'transactional',
      state: options.state ?? 'running',
      enqueued_at: now,
      created_at: now,
      updated_at: now,
      started_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface RowSpec {
  phone: string;
  body?: string;
  state?: MessageState;
  promotional?: boolean;
  priority?: number;
  nextAttemptAt?: string;
  claimedBy?: string | null;
  claimedAt?: string | null;
  unknownSince?: string | null;
  gatewayUid?: string | null;
  sentAt?: string | null;
  nextCheckAt?: string | null;
}

export function outboxRow(campaignId: number | null, spec: RowSpec): NewOutboxMessage {
  const body = spec.body ?? `Hello ${spec.phone}`;
  const shape = measureSms(body);
  const now = '2026-01-01T00:00:00.000Z';
  return {
    campaign_id: campaignId,
    contact_id: null,
    phone: spec.phone,
    body,
    type: 'text',
    encoding: shape.encoding,
    segments: Math.max(1, shape.segments),
    promotional: spec.promotional ? 1 : 0,
    priority: spec.priority ?? (campaignId === null ? 10 : 0),
    state: spec.state ?? 'queued',
    attempts: spec.state === undefined || spec.state === 'queued' ? 0 : 1,
    next_attempt_at: spec.nextAttemptAt ?? now,
    claimed_by: spec.claimedBy ?? null,
    claimed_at: spec.claimedAt ?? null,
    unknown_since: spec.unknownSince ?? null,
    gateway_uid: spec.gatewayUid ?? null,
    sent_at: spec.sentAt ?? null,
    next_check_at: spec.nextCheckAt ?? null,
    created_at: now,
    updated_at: now,
  };
}

export async function insertRows(db: Kysely<Database>, campaignId: number | null, specs: readonly RowSpec[]): Promise<OutboxMessage[]> {
  await insertOutboxMessages(
    db,
    specs.map((spec) => outboxRow(campaignId, spec)),
  );
  return db.selectFrom('outbox_messages').selectAll().orderBy('id').execute();
}

export async function allRows(db: Kysely<Database>): Promise<OutboxMessage[]> {
  return db.selectFrom('outbox_messages').selectAll().orderBy('id').execute();
}

export async function rowById(db: Kysely<Database>, id: number): Promise<OutboxMessage> {
  return db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function addContact(
  db: Kysely<Database>,
  phone: string,
  options: { optedOut?: boolean; name?: string } = {},
): Promise<number> {
  const [contact] = await upsertContacts(db, [{ phone, name: options.name ?? `Customer ${phone.slice(-4)}` }]);
  if (!contact) throw new Error('contact not written');
  if (options.optedOut) await setOptOut(db, contact.id, { source: 'cli' });
  return contact.id;
}

export function statesOf(rows: readonly OutboxMessage[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.state] = (counts[row.state] ?? 0) + 1;
  return counts;
}
