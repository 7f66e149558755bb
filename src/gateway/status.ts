import type { DeliveryState } from './types.js';

const DELIVERED = new Set(['delivered']);
const PENDING = new Set(['enroute', 'accepted', 'pending', 'queued', 'sent', 'scheduled', 'processing']);
const FAILED = new Set(['undelivered', 'expired', 'rejected', 'failed', 'skipped', 'cancelled', 'canceled']);

/**
 * Provider and platform refusals arrive as free text in the status field ("923001 is a invalid
 * phone number", "Number contains in the blacklist"); any of these words marks such a text.
 */
const ERROR_TEXT =
  /invalid|blacklist|not authori[sz]ed|not allowed|not enough|sufficient|balance|exceeded|limit|error|fail|denied|blocked|refused|unreachable|not found|required|must|may not|cannot|can't|unable/i;

/**
 * Maps the gateway's raw status text to our small set of states. Case does not matter, and only
 * the part before a "|" counts ("Delivered|prov-81" carries a provider id after the bar).
 *
 * This reads a status as the message list reports it. At send time the platform's "Delivered"
 * means only "accepted by the gateway"; the record parser handles that case, not this function.
 */
export function mapGatewayStatus(raw: string | null | undefined): DeliveryState {
  if (raw === null || raw === undefined) return 'unknown';
  const bar = raw.indexOf('|');
  const head = (bar === -1 ? raw : raw.slice(0, bar)).trim().toLowerCase();
  if (head === '') return 'unknown';
  if (DELIVERED.has(head)) return 'delivered';
  if (PENDING.has(head)) return 'pending';
  if (FAILED.has(head)) return 'failed';
  if (ERROR_TEXT.test(head)) return 'failed';
  return 'unknown';
}
