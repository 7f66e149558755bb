import { messageShownAs, STAGE_STATES, UNDELIVERED_ERROR_CODE, type MessageStage, type ShownAs } from '../../outbox/message-stage.js';
import type { MessageState } from '../../states/index.js';
import { phoneForStaff } from '../../sms/index.js';
import {
  contactsByPhone,
  findOutboxRow,
  listOutboxRows,
  type Database,
  type Kysely,
  type OutboxMessage,
  type OutboxRowFilter,
} from '../../store/index.js';

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
    shownAs: messageShownAs({
      state: row.state,
      gatewayStatus: row.gateway_status,
      errorCode: row.error_code,
      errorMessage: row.error_message,
    }),
  };
}

/** Views of outbox rows, each named after its saved contact (one query for the whole page). */
export async function toOutboxMessageViews(db: Kysely<Database>, rows: readonly OutboxMessage[]): Promise<OutboxMessageView[]> {
  const contacts = await contactsByPhone(
    db,
    rows.map((row) => row.phone),
  );
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

/** The filter in the store's terms: a stage is its states, and a failed row is "not delivered" when a delivery report failed it. */
function rowFilter(filter: MessageFilter): OutboxRowFilter {
  let states: readonly MessageState[] | undefined = filter.stage === undefined ? undefined : STAGE_STATES[filter.stage];
  if (filter.state !== undefined) states = states === undefined ? [filter.state] : states.filter((state) => state === filter.state);
  const errorCode =
    filter.stage === 'not_delivered' || filter.stage === 'failed'
      ? { code: UNDELIVERED_ERROR_CODE, not: filter.stage === 'failed' }
      : undefined;
  return {
    campaignId: filter.campaignId,
    states,
    errorCode,
    phoneDigits: filter.phoneDigits,
    fromIso: filter.fromIso,
    toIso: filter.toIso,
  };
}

/** A page of outbox rows, newest first, with how many match in all. */
export async function listOutboxMessages(
  db: Kysely<Database>,
  filter: MessageFilter,
  page: { limit: number; offset: number },
): Promise<{ items: OutboxMessageView[]; total: number }> {
  const { rows, total } = await listOutboxRows(db, rowFilter(filter), page);
  return { items: await toOutboxMessageViews(db, rows), total };
}

export async function findOutboxMessageView(db: Kysely<Database>, id: number): Promise<OutboxMessageView | undefined> {
  const row = await findOutboxRow(db, id);
  return row === undefined ? undefined : (await toOutboxMessageViews(db, [row]))[0];
}
