import type { Kysely } from 'kysely';
import type { InboundMessage } from '../messaging-tables.js';
import type { Database } from '../schema.js';

export interface NewInbound {
  gatewayUid: string;
  phone: string;
  body: string;
  contactId: number | null;
  action: string | null;
  receivedAt: string;
}

/** Stores an inbound SMS once per gateway uid. Answers false when it was already stored (seen before). */
export async function insertInboundMessage(db: Kysely<Database>, message: NewInbound, now: Date): Promise<boolean> {
  const result = await db
    .insertInto('inbound_messages')
    .values({
      gateway_uid: message.gatewayUid,
      phone: message.phone,
      body: message.body,
      contact_id: message.contactId,
      action: message.action,
      received_at: message.receivedAt,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column('gateway_uid').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function inboundExists(db: Kysely<Database>, gatewayUid: string): Promise<boolean> {
  const row = await db.selectFrom('inbound_messages').select('id').where('gateway_uid', '=', gatewayUid).executeTakeFirst();
  return row !== undefined;
}

/** Newest first. */
export async function listInboundMessages(db: Kysely<Database>, options: { limit?: number } = {}): Promise<InboundMessage[]> {
  return db
    .selectFrom('inbound_messages')
    .selectAll()
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100)
    .execute();
}
