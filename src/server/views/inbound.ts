import { findInboundRowByUid, listInboundRows, type Database, type InboundMessage, type Kysely } from '../../store/index.js';

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
  const { rows, total } = await listInboundRows(db, page);
  return { items: rows.map(toInboundView), total };
}

export async function findInboundByUid(db: Kysely<Database>, gatewayUid: string): Promise<InboundView | undefined> {
  const row = await findInboundRowByUid(db, gatewayUid);
  return row === undefined ? undefined : toInboundView(row);
}
