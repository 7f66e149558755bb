/**
 * The typed client of the smsapp_connect gateway (REST API v3).
 *
 * - The envelope decides, not the HTTP code: `{status:'success'}` is success whatever the status
 *   line says; anything that is not the envelope is a `bad_response`.
 * - Sends never throw for gateway failures; they answer a SendOutcome per message: accepted,
 *   rejected (surely not sent) or unknown (the request went out and the answer was lost — it may
 *   have been sent; reconcile against the message list before sending it again). The gateway takes
 *   no idempotency key, so a send is retried only when the gateway cannot have processed it.
 * - Reads (get, list, listAll, balance) throw CafeError and retry whatever is transient. balance()
 *   answers `unknown` with a reason, rather than throwing, when the host has no balance call.
 * - The API token never comes back out: every answer is scrubbed of it (as written, in any case,
 *   URL-encoded, base64 of the token or of "Bearer <token>") before anything reads it, records
 *   included, and a message carrying it is refused (invalid_input) rather than sent. A token
 *   shorter than MIN_SCRUBBED_TOKEN_LENGTH is a sandbox value, taken out of error texts only.
 * - Aborting the caller's signal stops a call promptly and throws the signal's reason. A send
 *   aborted while in flight may still have been processed.
 */
export {
  createGatewayClient,
  type CallOptions,
  type GatewayClient,
  type GatewayClientOptions,
  type ListAllCallOptions,
  type SendBulkOptions,
} from './client.js';
export type { AccountBalance } from './balance.js';
export { mapGatewayStatus } from './status.js';
export { MAX_BULK_ITEMS } from './bulk.js';
export { MIN_SCRUBBED_TOKEN_LENGTH } from './token-scrubber.js';
export { nodeHttpTransport } from './node-http-transport.js';
export type { GatewayFetch } from './transport.js';
export type { DeliveryState, Direction, MessagePage, MessageRecord, MessageType, OutgoingSms, SendOutcome } from './types.js';
