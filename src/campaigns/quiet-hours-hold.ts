import { quietHoursWaitEnd, type QuietHours } from '../quiet-hours/index.js';
import type { CampaignView } from './campaign-view.js';

/**
 * When a promotional campaign's messages must wait for quiet hours to end (ISO): a running one's
 * now, a scheduled one's at its start; null when they need not wait. Staff starting a campaign at
 * night otherwise see it running with nothing sent, and think it broken.
 */
export function quietHoursHoldUntil(campaign: CampaignView, quietHours: QuietHours | null, now: Date): string | null {
  const due = dueAt(campaign, now);
  if (due === undefined || campaign.purpose !== 'promotional') return null;
  return quietHoursWaitEnd(due, quietHours)?.toISOString() ?? null;
}

function dueAt(campaign: CampaignView, now: Date): Date | undefined {
  if (campaign.state === 'running') return now;
  if (campaign.state === 'scheduled' && campaign.scheduledAt !== null) return new Date(campaign.scheduledAt);
  return undefined;
}
