import type { Kysely } from 'kysely';
import type { InboundMessage } from '../messaging-tables.js';
import type { Database } from '../schema.js';

/** A page of customers' messages, newest first, with how many there are. */
export async function listInboundRows(
  db: Kysely<Database>,
  page: { limit: number; offset: number },
): Promise<{ rows: InboundMessage[]; total: number }> {
  const counted = await db
    .selectFrom('inbound_messages')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('inbound_messages')
    .selectAll()
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { rows, total: Number(counted.total) };
}

export async function findInboundRowByUid(db: Kysely<Database>, gatewayUid: string): Promise<InboundMessage | undefined> {
  return db.selectFrom('inbound_messages').selectAll().where('gateway_uid', '=', gatewayUid).executeTakeFirst();
}

/** The latest `limit` messages one number sent the cafe, newest first. */
export async function inboundRowsFromPhone(db: Kysely<Database>, phone: string, limit: number) {
  return db
    .selectFrom('inbound_messages')
    .select(['id', 'body', 'received_at', 'action'])
    .where('phone', '=', phone)
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute();
}
