import type { Kysely } from 'kysely';
import { messageShownAs, STAGE_STATES, UNDELIVERED_ERROR_CODE, type MessageStage, type ShownAs } from '../../outbox/message-stage.js';
import type { MessageState } from '../../outbox/states.js';
import { phoneForStaff } from '../../sms/index.js';
import type { OutboxMessage } from '../../store/messaging-tables.js';
import type { Database } from '../../store/schema.js';
import { contactsByPhone } from './conversation.js';

/** An outbox row as the API shows it. */
export interface OutboxMessageView {
  id: number;
  campaignId: number | null;
  phone: string;
  /** The number as staff write it: 0300-1234567 (other countries +971…). */
  phoneShown: string;
  /** The saved contact's name for this number; null when it is not a contact or has no name. */
  contactName: string | null;
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
  /** What became of it in staff words (src/outbox/message-stage.ts); the raw status stays in `detail`. */
  shownAs: ShownAs;
}

export function toOutboxMessageView(row: OutboxMessage, contactName: string | null): OutboxMessageView {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    phone: row.phone,
    phoneShown: phoneForStaff(row.phone),
    contactName,
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
    shownAs: messageShownAs({ state: row.state, gatewayStatus: row.gateway_status, errorCode: row.error_code, errorMessage: row.error_message }),
  };
}

/** Views of outbox rows, each named after its saved contact (one query for the whole page). */
export async function toOutboxMessageViews(db: Kysely<Database>, rows: readonly OutboxMessage[]): Promise<OutboxMessageView[]> {
  const contacts = await contactsByPhone(db, rows.map((row) => row.phone));
  return rows.map((row) => toOutboxMessageView(row, contacts.get(row.phone)?.name ?? null));
}

export interface MessageFilter {
  campaignId?: number;
  state?: MessageState;
  /** What staff see (shownAs.stage): the same split of states as messageShownAs. */
  stage?: MessageStage;
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
  if (filter.stage !== undefined) query = query.where('state', 'in', [...STAGE_STATES[filter.stage]]);
  // A failed row is "not delivered" when a delivery report failed it, and "failed" otherwise.
  if (filter.stage === 'not_delivered') query = query.where('error_code', '=', UNDELIVERED_ERROR_CODE);
  if (filter.stage === 'failed') query = query.where((eb) => eb.or([eb('error_code', 'is', null), eb('error_code', '!=', UNDELIVERED_ERROR_CODE)]));
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
  return { items: await toOutboxMessageViews(db, rows), total: Number(counted.total) };
}

export async function findOutboxMessageView(db: Kysely<Database>, id: number): Promise<OutboxMessageView | undefined> {
  const row = await db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : (await toOutboxMessageViews(db, [row]))[0];
}
