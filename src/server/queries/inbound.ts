import type { Kysely } from 'kysely';
import type { InboundMessage } from '../../store/messaging-tables.js';
import type { Database } from '../../store/schema.js';

export interface InboundView {
  id: number;
  phone: string;
  body: string;
  action: 'opt_out' | 'opt_in' | null;
  contactId: number | null;
  receivedAt: string;
}

export function toInboundView(row: InboundMessage): InboundView {
  const action = row.action === 'opt_out' || row.action === 'opt_in' ? row.action : null;
  return { id: row.id, phone: row.phone, body: row.body, action, contactId: row.contact_id, receivedAt: row.received_at };
}

/** A page of customers' messages, newest first. */
export async function listInbound(
  db: Kysely<Database>,
  page: { limit: number; offset: number },
): Promise<{ items: InboundView[]; total: number }> {
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
  return { items: rows.map(toInboundView), total: Number(counted.total) };
}

export async function findInboundByUid(db: Kysely<Database>, gatewayUid: string): Promise<InboundView | undefined> {
  const row = await db.selectFrom('inbound_messages').selectAll().where('gateway_uid', '=', gatewayUid).executeTakeFirst();
  return row === undefined ? undefined : toInboundView(row);
}
