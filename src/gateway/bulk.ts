import { CafeError } from '../errors/index.js';
import { acceptedWithoutRecord, outcomeFromRecord } from './outcomes.js';
import { findRecordList, parseRecord } from './records.js';
import type { MessageRecord, OutgoingSms, SendOutcome } from './types.js';

/** The gateway handles at most this many messages per bulk call. */
export const MAX_BULK_ITEMS = 50;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** The JSON the bulk endpoint takes for one message; the contact is a JSON number there. */
export function bulkBodyItem(sms: OutgoingSms): { contact: number; message: string; type: 'text' | 'image' } {
  return { contact: Number(sms.to), message: sms.message, type: sms.type ?? 'text' };
}

/**
 * Runs `task(0…count-1)` with at most `concurrency` running at once. The first failure stops new
 * tasks from starting and is rethrown once the running ones have settled.
 */
export async function runWithConcurrency(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (failure === undefined && next < count) {
      const index = next;
      next += 1;
      try {
        await task(index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, lane));
  if (failure !== undefined) throw failure.error;
}

function unmentioned(sms: OutgoingSms): SendOutcome {
  return {
    outcome: 'unknown',
    error: new CafeError(
      'bad_response',
      `The gateway's bulk answer lists no record for the message to ${sms.to}; it may have been ignored or sent. ` +
        'Reconcile against the message list before sending it again',
      { input: sms.to },
    ),
  };
}

/** The digits of a record's number, as sameNumber compares them; undefined when it has none. */
function recordDigits(record: MessageRecord): string | undefined {
  return record.to === undefined ? undefined : record.to.replace(/\D/g, '');
}

/** Item indexes by number, in input order: a bulk answer is matched in one pass, not item by item. */
function itemsByNumber(items: readonly OutgoingSms[]): Map<string, number[]> {
  const byNumber = new Map<string, number[]>();
  for (let i = 0; i < items.length; i += 1) {
    const to = (items[i] as OutgoingSms).to;
    const indexes = byNumber.get(to);
    if (indexes === undefined) byNumber.set(to, [i]);
    else indexes.push(i);
  }
  return byNumber;
}

/** The first of `indexes` not matched yet whose item has this text. */
function firstOpen(
  indexes: readonly number[],
  matched: readonly unknown[],
  items: readonly OutgoingSms[],
  message: string | undefined,
): number | undefined {
  for (const i of indexes) {
    if (matched[i] === undefined && items[i]?.message === message) return i;
  }
  return undefined;
}

/** The one index of `indexes` not matched yet, or undefined when there are none or several. */
function onlyOpen(indexes: readonly number[], matched: readonly unknown[]): number | undefined {
  let only: number | undefined;
  for (const i of indexes) {
    if (matched[i] !== undefined) continue;
    if (only !== undefined) return undefined;
    only = i;
  }
  return only;
}

/**
 * Pairs the records of a bulk answer with the items sent. The answer's order means nothing, so
 * records are matched by (number, text); equal pairs are taken one-to-one in order. A record
 * whose text differs (the gateway may rewrite it) still matches when only one open item has its
 * number. Returns, per item, the record matched to it, if any.
 */
export function matchRecordsToItems(items: readonly OutgoingSms[], records: readonly MessageRecord[]): (MessageRecord | undefined)[] {
  const matched: (MessageRecord | undefined)[] = new Array<MessageRecord | undefined>(items.length).fill(undefined);
  const byNumber = itemsByNumber(items);
  const leftOver: { record: MessageRecord; indexes: number[] }[] = [];
  for (const record of records) {
    const digits = recordDigits(record);
    const indexes = digits === undefined ? undefined : byNumber.get(digits);
    if (indexes === undefined) continue;
    const index = firstOpen(indexes, matched, items, record.message);
    if (index === undefined) leftOver.push({ record, indexes });
    else matched[index] = record;
  }
  for (const { record, indexes } of leftOver) {
    const only = onlyOpen(indexes, matched);
    if (only !== undefined) matched[only] = record;
  }
  return matched;
}

/**
 * One outcome per item from a successful bulk answer. When `data` carries records, each item gets
 * its matched record's verdict, or `unknown` when no record names it. When `data` is a count, a
 * message or anything else, the gateway took the call and every item is accepted without uid.
 */
export function outcomesFromBulkAnswer(items: readonly OutgoingSms[], data: unknown): SendOutcome[] {
  const list = findRecordList(data);
  if (list === undefined) return items.map(() => acceptedWithoutRecord());
  const records = list.map((raw) => parseRecord(raw, { atSend: true }));
  const matched = matchRecordsToItems(items, records);
  return items.map((sms, i) => {
    const record = matched[i];
    return record === undefined ? unmentioned(sms) : outcomeFromRecord(record);
  });
}
