import type { Kysely } from 'kysely';
import { messageShownAs, type ShownAs } from '../../outbox/message-stage.js';
import type { MessageState } from '../../outbox/states.js';
import type { Database } from '../../store/schema.js';

/** Who a number belongs to, when it is a saved contact. */
export interface ContactOfPhone {
  id: number;
  name: string | null;
  optedOut: boolean;
}

/** The saved contacts among these numbers, in one query (an inbox page names its senders). */
export async function contactsByPhone(db: Kysely<Database>, phones: readonly string[]): Promise<Map<string, ContactOfPhone>> {
  const unique = [...new Set(phones)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('contacts').select(['id', 'phone', 'name', 'opted_out_at']).where('phone', 'in', unique).execute();
  return new Map(rows.map((row) => [row.phone, { id: row.id, name: row.name, optedOut: row.opted_out_at !== null }]));
}

function consentAction(action: string | null): 'opt_out' | 'opt_in' | null {
  return action === 'opt_out' || action === 'opt_in' ? action : null;
}

/** One message of a conversation: the customer's (in) or the cafe's (out). */
export type ConversationEntry =
  | { direction: 'in'; id: number; body: string; at: string; action: 'opt_out' | 'opt_in' | null }
  | { direction: 'out'; id: number; body: string; at: string; state: MessageState; shownAs: ShownAs; campaignId: number | null };

/**
 * The latest `limit` messages between the cafe and one number, both ways, oldest first (as a chat
 * reads). Outgoing ones are dated when they were queued: that is the order staff wrote them in.
 */
export async function listConversation(db: Kysely<Database>, phone: string, limit: number): Promise<ConversationEntry[]> {
  const incoming = await db
    .selectFrom('inbound_messages')
    .select(['id', 'body', 'received_at', 'action'])
    .where('phone', '=', phone)
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute();
  const outgoing = await db
    .selectFrom('outbox_messages')
    .select(['id', 'body', 'created_at', 'state', 'campaign_id', 'gateway_status', 'error_code', 'error_message'])
    .where('phone', '=', phone)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  const entries: ConversationEntry[] = [
    ...incoming.map((row) => ({ direction: 'in' as const, id: row.id, body: row.body, at: row.received_at, action: consentAction(row.action) })),
    ...outgoing.map((row) => ({
      direction: 'out' as const,
      id: row.id,
      body: row.body,
      at: row.created_at,
      state: row.state,
      shownAs: messageShownAs({ state: row.state, gatewayStatus: row.gateway_status, errorCode: row.error_code, errorMessage: row.error_message }),
      campaignId: row.campaign_id,
    })),
  ];
  return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).slice(-limit);
}
