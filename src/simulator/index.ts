/**
 * A local stand-in for the smsapp_connect gateway (API v3), faithful to what the gateway notes
 * (shared/gateway/README.md) say the platform does, for tests, demos, benchmarks and the
 * app's sandbox mode.
 *
 * Calls under `{url}`: `POST sms/send`, `POST sms/send-bulk-messages`, `GET sms/{uid}`, `GET sms`,
 * `GET balance` (trailing slashes allowed), answered in the envelope `{ status, message, data }`.
 *
 * Delivery rule (deterministic, so tests can choose outcomes): a send answers its record with
 * status "Delivered" (the platform's "accepted by the gateway"); read back, the record is
 * "Enroute" until `deliveryDelayMs` has passed by the `now` clock, then final by the number's LAST
 * DIGIT: 0 → "Undelivered", 9 → "Expired", any other → "Delivered". Statuses are computed when read
 * (no timers); each record keeps the delay in force when it was accepted.
 *
 * Other fixed choices:
 * - Bad token: HTTP 200 "Unauthenticated." with `Accept: application/json`, an HTML 401 without.
 * - Single send is all or nothing (403 for the first refused number, nothing stored); in bulk, a
 *   refused item is stored with the refusal text as its status and cost "0.00" (so it shows in
 *   the list, `outbound()` and `sentTo()`), an item missing a field or with an unknown type is
 *   ignored, and `bulkAnswer: 'records'` lists the records in a seeded shuffle that is never the
 *   input order (they are stored, and listed, in the order sent).
 * - `cost` is "1.00" per SMS part; an image counts one part. `balance` is in parts: a send it
 *   cannot pay for is refused whole (403 "You do not have sufficient sms unit to send message"),
 *   and `GET balance` answers `remaining_balance` as the platform formats it ("1,234", or
 *   "Unlimited" without a balance).
 * - Fault order per call: injected rules (first match on `on`), then random errorRate (503 HTML)
 *   and cutRate (send/bulk only), then rateLimit (by the `now` clock; refused calls do not count),
 *   refused as `throttleAnswer` says: 429 with Retry-After, or the platform's HTTP 200 envelope without.
 *   Rules that process the call (cut_after_accept, unexpected_shape, delay) store messages
 *   before the answer is cut, reshaped or held back, so a client that times out on a 'delay'
 *   finds its message already stored. `latencyMs` holds back every API answer; close() drops
 *   answers still held back.
 * - Fault bodies: http_500 is Laravel's JSON `{"message":"Server Error"}`, 502/503/504 nginx HTML,
 *   429 the envelope with Retry-After, html_200 a proxy page, not_json the text "OK".
 * - `echoAuthorization: true` plays a leaky gateway: processed answers carry the caller's
 *   Authorization header (as sent, in base64, the token in upper and lower case) appended to every
 *   text field of their records and to the envelope's message; paginator links stay usable.
 * - Admin endpoints `/__simulator/{inbound,messages,faults,options,reset,stats}` need the same
 *   bearer token and see no faults, latency or throttle.
 */
export { startSimulator } from './server.js';
export { finalStatusFor } from './delivery.js';
export type {
  ApiOperation,
  BulkAnswerShape,
  FaultKind,
  FaultRule,
  SimRecord,
  Simulator,
  SimulatorOptions,
  SimulatorStats,
  ThrottleAnswer,
  TunableOptions,
} from './types.js';
