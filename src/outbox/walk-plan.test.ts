import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../gateway/index.js';
import { createWalkPlan, parseAnchor, type WalkNeeds } from './walk-plan.js';

const T0 = Date.parse('2026-11-26T07:00:00.000Z');

/** Newest first, one a second, like the gateway's list. */
function records(count: number, newestAt = T0, prefix = 'r'): MessageRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    uid: `${prefix}${i}`,
    createdAt: new Date(newestAt - i * 1000).toISOString(),
    raw: {},
  })) as MessageRecord[];
}

function needs(extra: Partial<WalkNeeds> = {}): WalkNeeds {
  return { reconcileFromMs: undefined, inboundAnchor: undefined, inboundFromMs: T0 - 60_000, delivery: undefined, ...extra };
}

/** How many records a walk reads before the plan stops it (the stopping record is not read). */
function walk(plan: ReturnType<typeof createWalkPlan>, list: readonly MessageRecord[], metAt: Record<number, number> = {}): number {
  let read = 0;
  for (const [i, record] of list.entries()) {
    if (plan.stopAt(record)) break;
    read += 1;
    plan.addMet(metAt[i] ?? 0);
  }
  return read;
}

describe('createWalkPlan', () => {
  it('without an anchor reads replies back to the watermark less the margin', () => {
    expect(walk(createWalkPlan(needs()), records(100))).toBe(61);
  });

  it('stops right below the last walk’s newest record, past the records sharing its time', () => {
    const list = records(100);
    expect(walk(createWalkPlan(needs({ inboundAnchor: { uid: 'r10', createdAt: list[10]?.createdAt } })), list)).toBe(11);
    const tied = list.map((r, i) => (i === 11 || i === 12 ? { ...r, createdAt: list[10]?.createdAt } : r));
    expect(walk(createWalkPlan(needs({ inboundAnchor: { uid: 'r10', createdAt: list[10]?.createdAt } })), tied)).toBe(13);
  });

  it('falls back to the watermark when the anchor is no longer listed', () => {
    expect(walk(createWalkPlan(needs({ inboundAnchor: { uid: 'gone', createdAt: undefined } })), records(100))).toBe(61);
  });

  it('follows delivery until every tracked row was met, or back to the oldest send less the margin', () => {
    const anchor = { uid: 'r0', createdAt: new Date(T0).toISOString() };
    const delivery = { expected: 3, fromMs: T0 - 50_000 };
    expect(walk(createWalkPlan(needs({ inboundAnchor: anchor, delivery })), records(100), { 2: 1, 5: 1, 20: 1 })).toBe(21);
    expect(walk(createWalkPlan(needs({ inboundAnchor: anchor, delivery })), records(100), { 2: 1 })).toBe(51);
  });

  it('reads back past the oldest claim less the margin for lost sends, and is never cut short for them', () => {
    const anchor = { uid: 'r0', createdAt: new Date(T0).toISOString() };
    expect(walk(createWalkPlan(needs({ inboundAnchor: anchor, reconcileFromMs: T0 - 80_500, maxRecords: 10 })), records(100))).toBe(81);
    const plan = createWalkPlan(needs({ inboundAnchor: anchor, reconcileFromMs: Number.NEGATIVE_INFINITY }));
    expect(walk(plan, records(100))).toBe(100);
    expect(plan.cutShort()).toBe(false);
  });

  it('reads at most maxRecords otherwise, and says the walk was cut short', () => {
    const plan = createWalkPlan(needs({ maxRecords: 10 }));
    expect(walk(plan, records(100))).toBe(10);
    expect(plan.cutShort()).toBe(true);
    const complete = createWalkPlan(needs({ maxRecords: 500 }));
    walk(complete, records(100));
    expect(complete.cutShort()).toBe(false);
  });

  it('reads one page once the gateway calls are to be spared, from the moment they are, but never when reconciling', () => {
    let sparing = false;
    const plan = createWalkPlan(needs({ maxRecords: 500, sparing: () => sparing }));
    const list = records(100);
    let read = 0;
    for (const record of list) {
      if (read === 10) sparing = true; // the limit was learned while the walk went
      if (plan.stopAt(record)) break;
      read += 1;
    }
    expect(read).toBe(25);
    expect(plan.cutShort()).toBe(true);
    const reconciling = createWalkPlan(needs({ reconcileFromMs: Number.NEGATIVE_INFINITY, sparing: () => true }));
    expect(walk(reconciling, records(100))).toBe(100);
  });

  it('remembers the newest record as the next anchor, even when it stops on it', () => {
    const list = records(5);
    const plan = createWalkPlan(needs({ inboundFromMs: T0 + 1 }));
    expect(walk(plan, list)).toBe(0);
    expect(plan.newest()).toEqual({ uid: 'r0', createdAt: list[0]?.createdAt });
    expect(createWalkPlan(needs()).newest()).toBeUndefined();
  });

  it('never stops on records without a zoned time except by position or count', () => {
    const unzoned = records(30).map((r) => ({ ...r, createdAt: r.createdAt?.replace('T', ' ').replace(/\.\d+Z$/, '') }));
    expect(walk(createWalkPlan(needs()), unzoned)).toBe(30);
    expect(walk(createWalkPlan(needs({ inboundAnchor: { uid: 'r3', createdAt: unzoned[3]?.createdAt } })), unzoned)).toBe(4);
  });
});

describe('parseAnchor', () => {
  it('reads what syncWithGateway stores, and nothing else', () => {
    expect(parseAnchor(JSON.stringify({ uid: 'abc', createdAt: '2026-11-26T07:00:00Z' }))).toEqual({
      uid: 'abc',
      createdAt: '2026-11-26T07:00:00Z',
    });
    expect(parseAnchor(JSON.stringify({ uid: 'abc' }))).toEqual({ uid: 'abc', createdAt: undefined });
    expect(parseAnchor(undefined)).toBeUndefined();
    expect(parseAnchor('not json')).toBeUndefined();
    expect(parseAnchor(JSON.stringify({ uid: '' }))).toBeUndefined();
    expect(parseAnchor('null')).toBeUndefined();
  });
});
