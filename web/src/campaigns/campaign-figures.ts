import type { CampaignWithStats, MessageCounts, MessageState } from '../api/types';

/** Settled = nothing more will be sent: accepted, delivered, failed, skipped or cancelled. */
const SETTLED: readonly MessageState[] = ['accepted', 'delivered', 'failed', 'skipped', 'cancelled'];

export function settledCount(item: Pick<CampaignWithStats, 'counts'>): number {
  return SETTLED.reduce((sum, state) => sum + (item.counts[state] ?? 0), 0);
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
