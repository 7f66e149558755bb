import type { CafeError } from '../errors/index.js';

export type MessageType = 'text' | 'image';

/** One SMS to send. `to` is already normalised: country code and digits, no "+" (923001234567). */
export interface OutgoingSms {
  to: string;
  /** The text, or for `image` the image URL. */
  message: string;
  type?: MessageType;
}

/**
 * Our own small set of delivery states; the gateway's raw status text is always kept beside it.
 * - pending: accepted by the gateway, not yet known to have reached the handset (Enroute, Accepted, …)
 * - delivered: the handset got it
 * - failed: final failure (Undelivered, Expired, Rejected, Failed, Skipped, a provider error text)
 * - unknown: a status we cannot read
 */
export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'unknown';

export type Direction = 'outbound' | 'inbound';

/** A message as the gateway reports it. Every field but `raw` may be missing. */
export interface MessageRecord {
  uid: string | undefined;
  to: string | undefined;
  from: string | undefined;
  message: string | undefined;
  /** The gateway's own status text, verbatim (e.g. "Delivered|prov-81", "Enroute"). */
  status: string | undefined;
  state: DeliveryState;
  direction: Direction | undefined;
  smsType: string | undefined;
  smsCount: number | undefined;
  cost: number | undefined;
  createdAt: string | undefined;
  updatedAt: string | undefined;
  /** The record exactly as received, for whatever this type does not capture. */
  raw: unknown;
}

/**
 * What became of one message handed to the gateway.
 * - accepted: the gateway took it (uid when the answer gave one)
 * - rejected: the gateway definitely did not take it; `error.code` says why
 * - unknown: the request went out but the answer was lost (timeout, cut connection, 500/504):
 *   it may or may not have been sent. Never re-send before reconciling against the message list.
 */
export type SendOutcome =
  | { outcome: 'accepted'; uid: string | undefined; status: string | undefined; record: MessageRecord | undefined }
  | { outcome: 'rejected'; error: CafeError }
  | { outcome: 'unknown'; error: CafeError };

export interface MessagePage {
  records: MessageRecord[];
  currentPage: number;
  lastPage: number | undefined;
  perPage: number | undefined;
  total: number | undefined;
  nextPageUrl: string | undefined;
}
