import { describe, expect, it } from 'vitest';
import type { CampaignWithStats, MessageCounts } from '../api/types';
import {
  campaignWaitNotes,
  deliveredRateText,
  deliveryBreakdown,
  displayProgress,
  quietHoursEnd,
  settledSummary,
} from './campaign-figures';

const ZERO: MessageCounts = {
  queued: 0,
  sending: 0,
  accepted: 0,
  delivered: 0,
  failed: 0,
  unknown: 0,
  skipped: 0,
  cancelled: 0,
};

function stats(state: CampaignWithStats['campaign']['state'], counts: Partial<MessageCounts>, progress: number): CampaignWithStats {
  const all = { ...ZERO, ...counts };
  const total = Object.values(all).reduce((sum, count) => sum + count, 0);
  return {
    campaign: { state } as CampaignWithStats['campaign'],
    counts: all,
    total,
    segments: total,
    progress,
    deliveredRate: null,
    gatewayCost: 0,
    waitingFor: null,
    quietHoursUntil: null,
  };
}

describe('cancelled campaigns’ figures', () => {
  it('shows a cancelled campaign that sent nothing as 0 % and "158 not sent (cancelled)"', () => {
    const cancelled = stats('cancelled', { cancelled: 158 }, 1);
    expect(displayProgress(cancelled)).toBe(0);
    expect(settledSummary(cancelled)).toBe('0 of 158 messages sent · 158 not sent (cancelled)');
  });

  it('counts what went out before the cancel', () => {
    const cancelled = stats('cancelled', { delivered: 30, failed: 2, cancelled: 68, skipped: 1 }, 1);
    expect(displayProgress(cancelled)).toBeCloseTo(32 / 101);
    expect(settledSummary(cancelled)).toBe('32 of 101 messages sent · 68 not sent (cancelled) · 1 skipped (opted out)');
  });

  it('says "done" for the other states', () => {
    const running = stats('running', { delivered: 3, queued: 4 }, 3 / 7);
    expect(displayProgress(running)).toBeCloseTo(3 / 7);
    expect(settledSummary(running)).toBe('3 of 7 messages done');
    expect(displayProgress(stats('completed', { delivered: 7 }, 0.99))).toBe(1);
  });
});

describe('delivery reports still coming', () => {
  it('says a completed campaign waits for its delivery reports instead of "delivered rate 0 %"', () => {
    const completed = { ...stats('completed', { accepted: 5, delivered: 0 }, 1), deliveredRate: 0 };
    expect(deliveredRateText(completed)).toBe('waiting for delivery reports (5 reports to come)');
    expect(campaignWaitNotes(completed, new Date())).toEqual(['waiting for delivery reports (5 reports to come)']);
  });

  it('gives the delivered rate once every report is in, and no rate when nothing reached the gateway', () => {
    const done = { ...stats('completed', { delivered: 5, failed: 2 }, 1), deliveredRate: 5 / 7 };
    expect(deliveredRateText(done)).toBe('delivered rate 71%');
    expect(campaignWaitNotes(done, new Date())).toEqual([]);
    expect(deliveredRateText(stats('completed', { skipped: 3 }, 1))).toBeNull();
    expect(deliveredRateText({ ...stats('completed', { accepted: 1, delivered: 1 }, 1), deliveredRate: 0.5 })).toBe(
      'waiting for delivery reports (1 report to come)',
    );
  });

  it('names the stages in the words every screen uses', () => {
    const labels = Object.fromEntries(deliveryBreakdown(stats('running', {}, 0).counts).map((row) => [row.key, row.label]));
    expect(labels).toMatchObject({
      delivered: 'Delivered',
      accepted: 'Sent to the gateway',
      pending: 'Waiting',
      failed: 'Not delivered or failed',
    });
  });
});

describe('campaigns held by quiet hours', () => {
  const now = new Date('2026-11-26T17:00:00.000Z'); // 22:00 in Karachi

  it('says a running campaign waits for quiet hours to end, and until when', () => {
    const held = { ...stats('running', { queued: 4 }, 0), quietHoursUntil: '2026-11-27T04:00:00.000Z' };
    expect(campaignWaitNotes(held, now)).toEqual(['waiting for quiet hours to end (until 09:00 tomorrow)']);
    expect(quietHoursEnd('2026-11-26T04:00:00.000Z', new Date('2026-11-26T00:00:00.000Z'))).toBe('09:00');
    expect(quietHoursEnd('not a time', now)).toBe('not a time');
  });

  it('keeps the account’s reason next to it, and says nothing of quiet hours for a campaign not yet running', () => {
    const both = {
      ...stats('running', { queued: 4 }, 0),
      quietHoursUntil: '2026-11-27T04:00:00.000Z',
      waitingFor: 'waiting: the account has no SMS units left',
    };
    expect(campaignWaitNotes(both, now)).toEqual([
      'waiting for quiet hours to end (until 09:00 tomorrow)',
      'waiting: the account has no SMS units left',
    ]);
    expect(campaignWaitNotes({ ...stats('scheduled', {}, 0), quietHoursUntil: '2026-11-27T04:00:00.000Z' }, now)).toEqual([]);
  });
});
