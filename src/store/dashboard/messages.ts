import type { Kysely } from 'kysely';
import type { MessageState } from '../../states/index.js';
import type { OutboxMessage } from '../messaging-tables.js';
import type { Database } from '../schema.js';

/** Which outbox rows a page of the Messages screen shows. */
export interface OutboxRowFilter {
  campaignId?: number;
  /** Any of these states. */
  states?: readonly MessageState[] | undefined;
  /** Rows with this error code, or (with `not`) without it. */
  errorCode?: { code: string; not: boolean } | undefined;
  /** Digits somewhere in the number: 0300-123 finds 923001234567. */
  phoneDigits?: string;
  /** created_at from (inclusive) / to (exclusive), ISO-8601 UTC. */
  fromIso?: string;
  toIso?: string;
}

function filtered(db: Kysely<Database>, filter: OutboxRowFilter) {
  let query = db.selectFrom('outbox_messages');
  if (filter.campaignId !== undefined) query = query.where('campaign_id', '=', filter.campaignId);
  if (filter.states !== undefined) query = query.where('state', 'in', [...filter.states]);
  const errorCode = filter.errorCode;
  if (errorCode !== undefined && !errorCode.not) query = query.where('error_code', '=', errorCode.code);
  if (errorCode !== undefined && errorCode.not) {
    query = query.where((eb) => eb.or([eb('error_code', 'is', null), eb('error_code', '!=', errorCode.code)]));
  }
  if (filter.phoneDigits !== undefined && filter.phoneDigits !== '') query = query.where('phone', 'like', `%${filter.phoneDigits}%`);
  if (filter.fromIso !== undefined) query = query.where('created_at', '>=', filter.fromIso);
  if (filter.toIso !== undefined) query = query.where('created_at', '<', filter.toIso);
  return query;
}

/** A page of outbox rows, newest first, with how many match in all. */
export async function listOutboxRows(
  db: Kysely<Database>,
  filter: OutboxRowFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: OutboxMessage[]; total: number }> {
  const counted = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  const rows = await filtered(db, filter).selectAll().orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  return { rows, total: Number(counted.total) };
}

export async function findOutboxRow(db: Kysely<Database>, id: number): Promise<OutboxMessage | undefined> {
  return db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The latest `limit` messages the cafe sent one number, newest first. */
export async function outboxRowsToPhone(db: Kysely<Database>, phone: string, limit: number) {
  return db
    .selectFrom('outbox_messages')
    .select(['id', 'body', 'created_at', 'state', 'campaign_id', 'gateway_status', 'error_code', 'error_message'])
    .where('phone', '=', phone)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}
