import { Link } from 'wouter';
import type { CampaignWithStats } from '../api/types';
import { formatKarachi } from '../time/karachi';
import { formatCount } from '../ui/format';
import { ProgressBar } from '../ui/progress-bar';
import { StateBadge } from '../ui/state-badge';
import { campaignWaitNotes, displayProgress, settledSummary } from './campaign-figures';

/** Campaign cards with state and progress, linking to each campaign's page. */
export function CampaignSummaryList({ items }: { items: CampaignWithStats[] }) {
  return (
    <ul className="campaign-list">
      {items.map((item) => (
        <li key={item.campaign.id} className="card campaign-card" data-testid={`campaign-${item.campaign.id}`}>
          <div className="campaign-card-head">
            <Link href={`/campaigns/${item.campaign.id}`} className="campaign-name">
              {item.campaign.name}
            </Link>
            <StateBadge state={item.campaign.state} />
          </div>
          <ProgressBar ratio={displayProgress(item)} label={`Progress of ${item.campaign.name}`} />
          <p className="muted small">
            {settledSummary(item, '')} · {formatCount(item.counts.delivered)} delivered
            {item.counts.failed > 0 ? ` · ${formatCount(item.counts.failed)} failed` : ''}
            {item.campaign.state === 'scheduled' && item.campaign.scheduledAt
              ? ` · starts ${formatKarachi(item.campaign.scheduledAt)}`
              : ''}
          </p>
          <CampaignWaitNotes item={item} />
        </li>
      ))}
    </ul>
  );
}

/**
 * What a campaign waits for (quiet hours, an empty account, delivery reports), under its state: the
 * state alone says "running" or "completed" when staff would ask "so why has nothing happened?".
 */
export function CampaignWaitNotes({ item }: { item: CampaignWithStats }) {
  const notes = campaignWaitNotes(item, new Date());
  if (notes.length === 0) return null;
  return (
    <p className="small campaign-waiting" data-testid={`campaign-${item.campaign.id}-waiting`}>
      {notes.join(' · ')}
    </p>
  );
}

export { displayProgress } from './campaign-figures';
