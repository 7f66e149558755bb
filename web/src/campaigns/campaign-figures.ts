import { STAGE_LABELS, type CampaignWithStats, type MessageCounts, type MessageState } from '../api/types';
import { CAFE_TIME_ZONE } from '../time/karachi';
import { formatCount, formatPercent, plural } from '../ui/format';

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

/** "7 of 7 messages done", or for a cancelled campaign "0 of 158 sent · 158 not sent (cancelled)". */
export function settledSummary(item: CampaignWithStats, noun = 'messages '): string {
  if (item.campaign.state !== 'cancelled') return `${formatCount(settledCount(item))} of ${formatCount(item.total)} ${noun}done`;
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

/**
 * The delivery breakdown in the order staff read it: good news first, then waiting, then trouble. The
 * words are the ones every screen uses for a message (STAGE_LABELS, src/outbox/message-stage.ts).
 */
export function deliveryBreakdown(counts: MessageCounts): BreakdownRow[] {
  const get = (state: MessageState) => counts[state] ?? 0;
  return [
    { key: 'delivered', label: STAGE_LABELS.delivered, count: get('delivered'), hint: 'The delivery report said it reached the phone' },
    { key: 'accepted', label: STAGE_LABELS.sent, count: get('accepted'), hint: 'Accepted by the gateway; waiting for the delivery report' },
    { key: 'pending', label: STAGE_LABELS.waiting, count: get('queued') + get('sending'), hint: 'Waiting to be sent or being sent' },
    {
      key: 'unknown',
      label: 'Checking with the gateway',
      count: get('unknown'),
      hint: 'Answer lost; checked against the gateway before any resend',
    },
    {
      key: 'failed',
      label: `${STAGE_LABELS.not_delivered} or ${STAGE_LABELS.failed.toLowerCase()}`,
      count: get('failed'),
      hint: 'The delivery report said it did not arrive, or the gateway refused it',
    },
    { key: 'skipped', label: `${STAGE_LABELS.not_sent} (opted out)`, count: get('skipped'), hint: 'Opted out before sending' },
    {
      key: 'cancelled',
      label: `${STAGE_LABELS.not_sent} (cancelled)`,
      count: get('cancelled'),
      hint: 'Not sent because the campaign was cancelled',
    },
  ];
}

/** Messages the gateway accepted whose delivery report has not come yet. */
export function reportsToCome(item: Pick<CampaignWithStats, 'counts'>): number {
  return item.counts.accepted ?? 0;
}

/**
 * The delivered rate once every delivery report is in. Before that a rate counts the missing reports
 * as undelivered (a completed campaign read "delivered rate 0 %"), so it says that reports are awaited.
 * Null when nothing reached the gateway (no rate to give).
 */
export function deliveredRateText(item: Pick<CampaignWithStats, 'counts' | 'deliveredRate'>): string | null {
  const awaited = reportsToCome(item);
  if (awaited > 0) return `waiting for delivery reports (${plural(awaited, 'report')} to come)`;
  return item.deliveredRate === null ? null : `delivered rate ${formatPercent(item.deliveredRate)}`;
}

const CLOCK = new Intl.DateTimeFormat('en-GB', { timeZone: CAFE_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: CAFE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** `09:00` in Karachi, with "tomorrow" when the quiet hours end after the cafe's midnight. */
export function quietHoursEnd(untilIso: string, now: Date): string {
  const until = new Date(untilIso);
  if (Number.isNaN(until.getTime())) return untilIso;
  return DAY.format(until) === DAY.format(now) ? CLOCK.format(until) : `${CLOCK.format(until)} tomorrow`;
}

/**
 * Why a campaign's state does not tell the whole story, in staff words: a running campaign held by
 * quiet hours or an empty account, or a finished one whose delivery reports are still coming.
 */
export function campaignWaitNotes(item: CampaignWithStats, now: Date): string[] {
  const notes: string[] = [];
  if (item.campaign.state === 'running' && item.quietHoursUntil) {
    notes.push(`waiting for quiet hours to end (until ${quietHoursEnd(item.quietHoursUntil, now)})`);
  }
  if (item.waitingFor) notes.push(item.waitingFor);
  if (item.campaign.state !== 'draft' && item.campaign.state !== 'scheduled' && reportsToCome(item) > 0) {
    notes.push(`waiting for delivery reports (${plural(reportsToCome(item), 'report')} to come)`);
  }
  return notes;
}
