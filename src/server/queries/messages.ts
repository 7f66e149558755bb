import type { Kysely } from 'kysely';
import type { MessageState } from '../../outbox/states.js';
import type { OutboxMessage } from '../../store/messaging-tables.js';
import type { Database } from '../../store/schema.js';

/** An outbox row as the API shows it. */
export interface OutboxMessageView {
  id: number;
  campaignId: number | null;
  phone: string;
  body: string;
  type: OutboxMessage['type'];
  encoding: OutboxMessage['encoding'];
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
}

export function toOutboxMessageView(row: OutboxMessage): OutboxMessageView {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    phone: row.phone,
    body: row.body,
    type: row.type,
    encoding: row.encoding,
    segments: row.segments,
    state: row.state,
    gatewayUid: row.gateway_uid,
    gatewayStatus: row.gateway_status,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    attempts: row.attempts,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    finalAt: row.final_at,
  };
}

export interface MessageFilter {
  campaignId?: number;
  state?: MessageState;
  /** Digits somewhere in the number: 0300-123 finds 923001234567. */
  phoneDigits?: string;
  /** created_at from (inclusive) / to (exclusive), ISO-8601 UTC. */
  fromIso?: string;
  toIso?: string;
}

function filtered(db: Kysely<Database>, filter: MessageFilter) {
  let query = db.selectFrom('outbox_messages');
  if (filter.campaignId !== undefined) query = query.where('campaign_id', '=', filter.campaignId);
  if (filter.state !== undefined) query = query.where('state', '=', filter.state);
  if (filter.phoneDigits !== undefined && filter.phoneDigits !== '') query = query.where('phone', 'like', `%${filter.phoneDigits}%`);
  if (filter.fromIso !== undefined) query = query.where('created_at', '>=', filter.fromIso);
  if (filter.toIso !== undefined) query = query.where('created_at', '<', filter.toIso);
  return query;
}

/** A page of outbox rows, newest first, with how many match in all. */
export async function listOutboxMessages(
  db: Kysely<Database>,
  filter: MessageFilter,
  page: { limit: number; offset: number },
): Promise<{ items: OutboxMessageView[]; total: number }> {
  const counted = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  const rows = await filtered(db, filter).selectAll().orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  return { items: rows.map(toOutboxMessageView), total: Number(counted.total) };
}

export async function findOutboxMessageView(db: Kysely<Database>, id: number): Promise<OutboxMessageView | undefined> {
  const row = await db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toOutboxMessageView(row);
}
