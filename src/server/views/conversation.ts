import { messageShownAs, type ShownAs } from '../../outbox/message-stage.js';
import type { MessageState } from '../../states/index.js';
import { contactsByPhone, inboundRowsFromPhone, outboxRowsToPhone, type Database, type Kysely } from '../../store/index.js';

export { contactsByPhone };

/** Who a number belongs to, when it is a saved contact. */
export interface ContactOfPhone {
  id: number;
  name: string | null;
  optedOut: boolean;
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
  const incoming = await inboundRowsFromPhone(db, phone, limit);
  const outgoing = await outboxRowsToPhone(db, phone, limit);
  const entries: ConversationEntry[] = [
    ...incoming.map((row) => ({
      direction: 'in' as const,
      id: row.id,
      body: row.body,
      at: row.received_at,
      action: consentAction(row.action),
    })),
    ...outgoing.map((row) => ({
      direction: 'out' as const,
      id: row.id,
      body: row.body,
      at: row.created_at,
      state: row.state,
      shownAs: messageShownAs({
        state: row.state,
        gatewayStatus: row.gateway_status,
        errorCode: row.error_code,
        errorMessage: row.error_message,
      }),
      campaignId: row.campaign_id,
    })),
  ];
  return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).slice(-limit);
}
