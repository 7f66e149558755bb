import { readRecordFields } from './record-fields.js';
import { mapGatewayStatus } from './status.js';
import type { DeliveryState, MessageRecord } from './types.js';

/** Phone numbers come as "923001234567", "+92 300 1234567" or a JSON number: keep the digits. */
function phoneDigits(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return /^[+\d\s().-]+$/.test(value) ? value.replace(/\D/g, '') : value;
}

export interface ParseRecordOptions {
  /**
   * True for the record a send answers with. There the platform's "Delivered" means "accepted by
   * the gateway", not "reached the handset", so the state is 'pending' until the list says more.
   */
  atSend?: boolean;
}

function stateOf(status: string | undefined, atSend: boolean): DeliveryState {
  const state = mapGatewayStatus(status);
  return atSend && state === 'delivered' ? 'pending' : state;
}

/** Reads one record tolerantly; something that is not an object at all is kept as `raw`, state unknown. */
export function parseRecord(raw: unknown, options: ParseRecordOptions = {}): MessageRecord {
  const r = readRecordFields(raw);
  if (r === undefined) return emptyRecord(raw);
  return {
    uid: r.uid ?? r.message_uid ?? r.message_id ?? r.id ?? r.queue_uid,
    to: phoneDigits(r.to),
    from: phoneDigits(r.from),
    message: r.message,
    status: r.status,
    state: stateOf(r.status, options.atSend ?? false),
    direction: r.send_by === 'from' ? 'outbound' : r.send_by === 'to' ? 'inbound' : undefined,
    smsType: r.sms_type,
    smsCount: r.sms_count,
    cost: r.cost,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    raw,
  };
}

function emptyRecord(raw: unknown): MessageRecord {
  return {
    uid: undefined,
    to: undefined,
    from: undefined,
    message: undefined,
    status: undefined,
    state: 'unknown',
    direction: undefined,
    smsType: undefined,
    smsCount: undefined,
    cost: undefined,
    createdAt: undefined,
    updatedAt: undefined,
    raw,
  };
}

const RECORD_LIST_KEYS = ['data', 'messages', 'records'] as const;

/**
 * The records inside an answer's `data`, when it holds any: an array, or an object with an array
 * under data/messages/records. Undefined when `data` is something else (a count, null, a string).
 */
export function findRecordList(data: unknown): unknown[] | undefined {
  if (Array.isArray(data)) return data as unknown[];
  if (data === null || typeof data !== 'object') return undefined;
  for (const key of RECORD_LIST_KEYS) {
    const value = (data as Record<string, unknown>)[key];
    if (Array.isArray(value)) return value as unknown[];
  }
  return undefined;
}

/** True when a value looks like one message record rather than a count, a paginator or a string. */
export function looksLikeRecord(data: unknown): data is Record<string, unknown> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return false;
  const keys = Object.keys(data);
  return ['uid', 'to', 'status', 'message'].some((key) => keys.includes(key));
}
