import type { CampaignWithStats, MessageCounts, MessageState } from '../api/types';
import { formatCount } from '../ui/format';

/** Settled = nothing more will be sent: accepted, delivered, failed, skipped or cancelled. */
const SETTLED: readonly MessageState[] = ['accepted', 'delivered', 'failed', 'skipped', 'cancelled'];

export function settledCount(item: Pick<CampaignWithStats, 'counts'>): number {
  return SETTLED.reduce((sum, state) => sum + (item.counts[state] ?? 0), 0);
}

/** Messages that went to the gateway (whatever became of them): accepted, delivered, failed, being checked. */
export function sentCount(item: Pick<CampaignWithStats, 'counts'>): number {
  const get = (state: MessageState) => item.counts[state] ?? 0;
  return get('accepted') + get('delivered') + get('failed') + get('unknown');
}

/**
 * The bar's ratio: settled / total while it runs, 1 once completed, and for a cancelled campaign the
 * share that was actually sent (a cancelled campaign that sent nothing is at 0 %, not "100 % settled").
 */
export function displayProgress(item: CampaignWithStats): number {
  if (item.campaign.state === 'completed') return 1;
  if (item.campaign.state === 'cancelled') return item.total === 0 ? 0 : sentCount(item) / item.total;
  return item.progress;
}

/** "7 of 7 messages settled", or for a cancelled campaign "0 of 158 sent · 158 not sent (cancelled)". */
export function settledSummary(item: CampaignWithStats, noun = 'messages '): string {
  if (item.campaign.state !== 'cancelled') return `${formatCount(settledCount(item))} of ${formatCount(item.total)} ${noun}settled`;
  const notSent = item.counts.cancelled ?? 0;
  const skipped = item.counts.skipped ?? 0;
  return [
    `${formatCount(sentCount(item))} of ${formatCount(item.total)} ${noun}sent`,
    `${formatCount(notSent)} not sent (cancelled)`,
    ...(skipped > 0 ? [`${formatCount(skipped)} skipped (opted out)`] : []),
  ].join(' · ');
}

export interface BreakdownRow {
  key: string;
  label: string;
  count: number;
  hint: string;
}

/** The delivery breakdown in the order staff read it: good news first, then waiting, then trouble. */
export function deliveryBreakdown(counts: MessageCounts): BreakdownRow[] {
  const get = (state: MessageState) => counts[state] ?? 0;
  return [
    { key: 'delivered', label: 'Delivered', count: get('delivered'), hint: 'Reached the phone' },
    { key: 'accepted', label: 'Sent, awaiting delivery', count: get('accepted'), hint: 'Accepted by the gateway' },
    { key: 'pending', label: 'Pending', count: get('queued') + get('sending'), hint: 'Waiting to be sent or being sent' },
    { key: 'unknown', label: 'Being checked', count: get('unknown'), hint: 'Answer lost; checked against the gateway before any resend' },
    { key: 'failed', label: 'Failed', count: get('failed'), hint: 'Refused or undelivered' },
    { key: 'skipped', label: 'Skipped', count: get('skipped'), hint: 'Opted out before sending' },
    { key: 'cancelled', label: 'Cancelled', count: get('cancelled'), hint: 'Not sent because the campaign was cancelled' },
  ];
}
