import { useState } from 'react';
import { Link } from 'wouter';
import type { CampaignState, CampaignWithStats } from '../api/types';
import { useApi } from '../session/session-context';
import { formatKarachi } from '../time/karachi';
import { formatCount, formatUnits } from '../ui/format';
import { useBalance } from '../overview/use-balance';
import { ErrorNotice, InfoNotice, Loading } from '../ui/notices';
import { ProgressBar } from '../ui/progress-bar';
import { StateBadge } from '../ui/state-badge';
import { useQuery } from '../ui/use-query';
import { deliveredRateText, deliveryBreakdown, displayProgress, quietHoursEnd, settledSummary } from './campaign-figures';
import { CampaignActions } from './campaign-actions';
import { AudienceFigures, PreviewSamples } from './preview-summary';
import { optOutLineFor, optOutLineVariants } from './render-template';

/** Fast while messages are moving; slower afterwards, when only delivery reports still trickle in. */
function refreshInterval(state: CampaignState | undefined): number {
  return state === 'running' ? 1500 : 5000;
}

export function CampaignPage({ id }: { id: string }) {
  const api = useApi();
  const campaignId = Number(id);
  const validId = Number.isInteger(campaignId) && campaignId > 0;
  const [state, setState] = useState<CampaignState | undefined>(undefined);
  const stats = useQuery(
    async () => {
      const answer = await api.campaigns.get(campaignId);
      setState(answer.campaign.state);
      return answer;
    },
    [api, campaignId],
    { refreshMs: refreshInterval(state), skip: !validId },
  );

  if (!validId) return <ErrorNotice error={new Error(`"${id}" is not a campaign number.`)} />;
  if (stats.loading) return <Loading />;
  if (!stats.data) return <ErrorNotice error={stats.error} />;
  return <CampaignDetails stats={stats.data} refreshError={stats.error} onChanged={stats.reload} />;
}

function CampaignDetails({ stats, refreshError, onChanged }: { stats: CampaignWithStats; refreshError: unknown; onChanged: () => void }) {
  const { campaign } = stats;
  // Image messages carry no opt-out line; an English template gets only the line's English sentence.
  const optOutText = campaign.type === 'image' ? null : campaign.optOutText;
  const optOutLine = optOutLineFor(campaign.template, optOutText);
  const variants = optOutLineVariants(optOutText);
  const optOutNote =
    variants && variants.english !== variants.other && optOutLine === variants.english
      ? 'A message that comes out with Urdu or other non-GSM characters (e.g. an Urdu name) ends with the whole opt-out line instead.'
      : campaign.type === 'image' && campaign.purpose === 'promotional'
        ? 'Image messages carry no opt-out line.'
        : null;
  return (
    <section aria-labelledby="campaign-title">
      <p className="breadcrumb">
        <Link href="/campaigns">Campaigns</Link> /
      </p>
      <div className="page-head">
        <h1 id="campaign-title">{campaign.name}</h1>
        <StateBadge state={campaign.state} />
      </div>
      <ErrorNotice error={refreshError} />
      {stats.quietHoursUntil ? (
        <InfoNotice testId="quiet-hours-hold">
          {campaign.state === 'scheduled'
            ? `It starts in quiet hours: its messages wait until ${formatKarachi(stats.quietHoursUntil)} (Karachi), then go by themselves.`
            : `Waiting for quiet hours to end (until ${quietHoursEnd(stats.quietHoursUntil, new Date())}, Karachi time): ` +
              'its messages then go by themselves.'}
        </InfoNotice>
      ) : null}
      {stats.waitingFor ? <InfoNotice testId="campaign-waiting">{capitalised(stats.waitingFor)}</InfoNotice> : null}
      <CampaignActions stats={stats} onChanged={onChanged} />

      {campaign.state === 'draft' || campaign.state === 'scheduled' ? null : <ProgressCard stats={stats} />}

      <div className="card">
        <h2>Message</h2>
        <p className="sms-bubble sms-text" dir="auto" data-testid="campaign-template">
          {campaign.template}
          {optOutLine !== null ? `\n${optOutLine}` : ''}
        </p>
        {optOutNote ? (
          <p className="muted small" data-testid="campaign-opt-out-note">
            {optOutNote}
          </p>
        ) : null}
        <dl className="facts">
          <div>
            <dt>Type</dt>
            <dd>{campaign.type === 'image' ? 'Image' : 'Text'}</dd>
          </div>
          <div>
            <dt>Purpose</dt>
            <dd>{campaign.purpose === 'transactional' ? 'Transactional (no opt-out line, sent in quiet hours)' : 'Promotional'}</dd>
          </div>
          <div>
            <dt>Audience</dt>
            <dd>{campaign.audienceTags.length === 0 ? 'All contacts' : campaign.audienceTags.map((tag) => `#${tag}`).join(' ')}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{formatKarachi(campaign.createdAt)}</dd>
          </div>
          {campaign.scheduledAt ? (
            <div>
              <dt>Scheduled for</dt>
              <dd>{formatKarachi(campaign.scheduledAt)} (Karachi)</dd>
            </div>
          ) : null}
          {campaign.startedAt ? (
            <div>
              <dt>Started</dt>
              <dd>{formatKarachi(campaign.startedAt)}</dd>
            </div>
          ) : null}
          {campaign.cancelledAt ? (
            <div>
              <dt>Cancelled</dt>
              <dd>{formatKarachi(campaign.cancelledAt)}</dd>
            </div>
          ) : null}
          {campaign.completedAt ? (
            <div>
              <dt>Completed</dt>
              <dd>{formatKarachi(campaign.completedAt)}</dd>
            </div>
          ) : null}
        </dl>
      </div>

      {campaign.state === 'draft' || campaign.state === 'scheduled' ? <StoredPreview campaignId={campaign.id} /> : null}
    </section>
  );
}

/** Settled / total and the delivery breakdown; only once the campaign has started. */
function ProgressCard({ stats }: { stats: CampaignWithStats }) {
  const balance = useBalance();
  const rate = deliveredRateText(stats);
  return (
    <div className="card">
      <h2>Progress</h2>
      <ProgressBar
        ratio={displayProgress(stats)}
        label={stats.campaign.state === 'cancelled' ? 'Sent before cancelling' : 'Campaign progress'}
      />
      <p className="muted small" data-testid="settled-of-total">
        {settledSummary(stats)} · {formatUnits(stats.segments, balance.data?.unitPrice)}
        {rate === null ? null : ` · ${rate}`}
      </p>
      <ul className="breakdown" aria-label="Delivery breakdown">
        {deliveryBreakdown(stats.counts).map((row) => (
          <li key={row.key} className={`breakdown-${row.key}`} data-testid={`count-${row.key}`} title={row.hint}>
            <span className="breakdown-count">{formatCount(row.count)}</span>
            <span className="breakdown-label">{row.label}</span>
          </li>
        ))}
      </ul>
      <p>
        <Link href={`/messages?campaignId=${stats.campaign.id}`}>See the messages of this campaign</Link>
      </p>
    </div>
  );
}

function StoredPreview({ campaignId }: { campaignId: number }) {
  const api = useApi();
  const preview = useQuery(() => api.campaigns.storedPreview(campaignId), [api, campaignId]);
  const balance = useBalance();
  return (
    <div className="card">
      <h2>Audience preview</h2>
      {preview.loading ? <Loading /> : null}
      <ErrorNotice error={preview.error} />
      {preview.data ? (
        <>
          <AudienceFigures preview={preview.data} balance={balance.data} />
          <PreviewSamples preview={preview.data} />
        </>
      ) : null}
    </div>
  );
}

/** The server's sentences start in lower case ("waiting: …") to fit after a dot; alone, they start a line. */
function capitalised(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
