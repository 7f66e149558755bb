import type { SimRecord } from '../../../src/simulator/index.js';

/** Everything that is wrong with what the gateway recorded, per phone number; all empty = exactly once. */
export interface DeliveryAudit {
  /** Expected recipients the gateway never got a message for. */
  missing: string[];
  /** Recipients the gateway got more than one message for, with the count. */
  doubled: string[];
  /** Numbers the gateway got a message for that were not expected at all. */
  unexpected: string[];
  /** Recipients whose one message is not the body expected. */
  wrongBody: string[];
}

/**
 * Compares the gateway's own record of what it was sent (the simulator's outbound records) with
 * the recipients that must each have got exactly one message, body included.
 */
export function auditDeliveries(records: readonly SimRecord[], expected: ReadonlyMap<string, string>): DeliveryAudit {
  const byPhone = new Map<string, SimRecord[]>();
  for (const record of records) {
    const list = byPhone.get(record.to);
    if (list) list.push(record);
    else byPhone.set(record.to, [record]);
  }
  const audit: DeliveryAudit = { missing: [], doubled: [], unexpected: [], wrongBody: [] };
  for (const [phone, body] of expected) {
    const got = byPhone.get(phone) ?? [];
    if (got.length === 0) audit.missing.push(phone);
    else if (got.length > 1) audit.doubled.push(`${phone} ×${got.length}`);
    else if (got[0]?.message !== body) audit.wrongBody.push(phone);
  }
  for (const phone of byPhone.keys()) if (!expected.has(phone)) audit.unexpected.push(phone);
  return audit;
}

export const CLEAN_AUDIT: DeliveryAudit = Object.freeze({ missing: [], doubled: [], unexpected: [], wrongBody: [] });

/** Numbers the gateway got more than one message for (whatever else is expected). */
export function doubledNumbers(records: readonly SimRecord[]): string[] {
  const seen = new Map<string, number>();
  for (const record of records) seen.set(record.to, (seen.get(record.to) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([phone, n]) => `${phone} ×${n}`);
}
