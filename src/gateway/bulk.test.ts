import { describe, expect, it } from 'vitest';
import { chunk, matchRecordsToItems, outcomesFromBulkAnswer, runWithConcurrency } from './bulk.js';
import { parseRecord } from './records.js';
import type { MessageRecord, OutgoingSms } from './types.js';

const items: OutgoingSms[] = [
  { to: '923001111111', message: 'Hello A' },
  { to: '923002222222', message: 'Hello B' },
  { to: '923001111111', message: 'Second for A' },
  { to: '923003333333', message: 'Hello C' },
];

function rawRecord(to: string, message: string, uid: string, status = 'Delivered') {
  return { uid, to, message, status, from: 'Cafe de Revenue', send_by: 'from' };
}

describe('chunk', () => {
  it('splits into pieces of at most the size, in order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 50)).toEqual([]);
    expect(
      chunk(
        Array.from({ length: 50 }, (_, i) => i),
        50,
      ),
    ).toHaveLength(1);
    expect(
      chunk(
        Array.from({ length: 51 }, (_, i) => i),
        50,
      ).map((c) => c.length),
    ).toEqual([50, 1]);
  });
});

describe('matchRecordsToItems', () => {
  it('matches by number and text whatever the order of the answer', () => {
    const records = [
      rawRecord('923003333333', 'Hello C', 'c000000000003'),
      rawRecord('923001111111', 'Second for A', 'a000000000002'),
      rawRecord('923002222222', 'Hello B', 'b000000000002'),
      rawRecord('923001111111', 'Hello A', 'a000000000001'),
    ].map((r) => parseRecord(r));
    expect(matchRecordsToItems(items, records).map((r) => r?.uid)).toEqual([
      'a000000000001',
      'b000000000002',
      'a000000000002',
      'c000000000003',
    ]);
  });

  it('pairs equal (number, text) one-to-one in order', () => {
    const same: OutgoingSms[] = [
      { to: '923001111111', message: 'Same' },
      { to: '923001111111', message: 'Same' },
      { to: '923001111111', message: 'Same' },
    ];
    const records = ['u000000000001', 'u000000000002'].map((uid) => parseRecord(rawRecord('923001111111', 'Same', uid)));
    expect(matchRecordsToItems(same, records).map((r) => r?.uid)).toEqual(['u000000000001', 'u000000000002', undefined]);
  });

  it('matches a rewritten text by number when only one open item has that number', () => {
    const records = [parseRecord(rawRecord('+92 300 2222222', 'Hello  B (trimmed)', 'b000000000002'))];
    expect(matchRecordsToItems(items, records).map((r) => r?.uid)).toEqual([undefined, 'b000000000002', undefined, undefined]);
  });

  it('does not guess between two open items with the same number', () => {
    const records = [parseRecord(rawRecord('923001111111', 'rewritten', 'a000000000009'))];
    expect(matchRecordsToItems(items, records).every((r) => r === undefined)).toBe(true);
  });
});

/** The matching rule as the documentation states it, item by item: the one-pass matcher must agree. */
function matchOneByOne(items: readonly OutgoingSms[], records: readonly MessageRecord[]): (MessageRecord | undefined)[] {
  const digits = (to: string | undefined) => to?.replace(/\D/g, '');
  const matched: (MessageRecord | undefined)[] = items.map(() => undefined);
  const leftOver: MessageRecord[] = [];
  for (const record of records) {
    const index = items.findIndex((sms, i) => matched[i] === undefined && digits(record.to) === sms.to && record.message === sms.message);
    if (index === -1) leftOver.push(record);
    else matched[index] = record;
  }
  for (const record of leftOver) {
    const open = items.flatMap((sms, i) => (matched[i] === undefined && digits(record.to) === sms.to ? [i] : []));
    if (open.length === 1) matched[open[0]!] = record;
  }
  return matched;
}

describe('matchRecordsToItems against the rule stated item by item', () => {
  it('agrees on answers with repeats, rewritten texts, formatted numbers, strangers and gaps', () => {
    let state = 7;
    const random = () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state / 2 ** 32;
    };
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
    const numbers = ['923001111111', '923002222222', '923003333333', '447911123456'];
    const texts = ['Hello', 'Your order is ready', 'Salaam'];
    for (let round = 0; round < 300; round += 1) {
      const sent: OutgoingSms[] = Array.from({ length: 1 + Math.floor(random() * 12) }, () => ({
        to: pick(numbers),
        message: pick(texts),
      }));
      const records = sent
        .filter(() => random() < 0.8)
        .map((sms, i) => {
          const to = random() < 0.2 ? `+${sms.to.slice(0, 2)} ${sms.to.slice(2)}` : random() < 0.1 ? '923009999999' : sms.to;
          const message = random() < 0.2 ? `${sms.message} (edited)` : sms.message;
          return parseRecord({ uid: `r${String(i).padStart(12, '0')}`, to: random() < 0.05 ? undefined : to, message });
        })
        .sort(() => random() - 0.5);
      expect(matchRecordsToItems(sent, records)).toEqual(matchOneByOne(sent, records));
    }
  });
});

describe('outcomesFromBulkAnswer', () => {
  it('accepts matched records, rejects refused ones, and calls unmentioned items unknown', () => {
    const data = [
      rawRecord('923002222222', 'Hello B', 'b000000000002', 'Number contains in the blacklist'),
      rawRecord('923001111111', 'Hello A', 'a000000000001', 'Delivered'),
      rawRecord('923003333333', 'Hello C', 'c000000000003', '923003333333 is a invalid phone number'),
    ];
    const outcomes = outcomesFromBulkAnswer(items, data);
    expect(outcomes[0]).toMatchObject({ outcome: 'accepted', uid: 'a000000000001', status: 'Delivered', record: { state: 'pending' } });
    expect(outcomes[1]).toMatchObject({
      outcome: 'rejected',
      error: { code: 'refused', gatewayMessage: 'Number contains in the blacklist' },
    });
    expect(outcomes[2]).toMatchObject({ outcome: 'unknown', error: { code: 'bad_response', input: '923001111111' } });
    expect(outcomes[3]).toMatchObject({ outcome: 'rejected', error: { code: 'validation' } });
  });

  it('reads records under data/messages/records', () => {
    const outcomes = outcomesFromBulkAnswer(items.slice(0, 1), { messages: [rawRecord('923001111111', 'Hello A', 'a000000000001')] });
    expect(outcomes).toMatchObject([{ outcome: 'accepted', uid: 'a000000000001' }]);
  });

  it('calls every item unknown when the answer lists no records at all', () => {
    expect(outcomesFromBulkAnswer(items.slice(0, 2), []).map((o) => o.outcome)).toEqual(['unknown', 'unknown']);
  });

  it.each([[{ total: 4 }], [null], [undefined], ['Messages are queued'], [4], [{ foo: 1 }]])(
    'accepts every item without uid when data is %j',
    (data) => {
      const outcomes = outcomesFromBulkAnswer(items, data);
      expect(outcomes).toHaveLength(4);
      for (const outcome of outcomes)
        expect(outcome).toEqual({ outcome: 'accepted', uid: undefined, status: undefined, record: undefined });
    },
  );
});

describe('runWithConcurrency', () => {
  it('runs every task with at most the given number at once', async () => {
    let running = 0;
    let most = 0;
    const ran: number[] = [];
    await runWithConcurrency(10, 3, async (index) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      ran.push(index);
      running -= 1;
    });
    expect(ran.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(3);
  });

  it('stops starting tasks after a failure and rethrows it', async () => {
    const started: number[] = [];
    const failure = new Error('stop');
    await expect(
      runWithConcurrency(10, 1, async (index) => {
        started.push(index);
        if (index === 2) throw failure;
      }),
    ).rejects.toBe(failure);
    expect(started).toEqual([0, 1, 2]);
  });

  it('does nothing for no tasks', async () => {
    await expect(runWithConcurrency(0, 4, async () => {})).resolves.toBeUndefined();
  });
});
