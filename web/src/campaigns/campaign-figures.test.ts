import { describe, expect, it } from 'vitest';
import type { CampaignWithStats, MessageCounts } from '../api/types';
import { displayProgress, settledSummary } from './campaign-figures';

const ZERO: MessageCounts = { queued: 0, sending: 0, accepted: 0, delivered: 0, failed: 0, unknown: 0, skipped: 0, cancelled: 0 } as MessageCounts;

function stats(state: CampaignWithStats['campaign']['state'], counts: Partial<MessageCounts>, progress: number): CampaignWithStats {
  const all = { ...ZERO, ...counts };
  const total = Object.values(all).reduce((sum, count) => sum + count, 0);
  return { campaign: { state } as CampaignWithStats['campaign'], counts: all, total, segments: total, progress, deliveredRate: null, quietHoursUntil: null };
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

  it('keeps "settled" for the other states', () => {
    const running = stats('running', { delivered: 3, queued: 4 }, 3 / 7);
    expect(displayProgress(running)).toBeCloseTo(3 / 7);
    expect(settledSummary(running)).toBe('3 of 7 messages settled');
    expect(displayProgress(stats('completed', { delivered: 7 }, 0.99))).toBe(1);
  });
});
