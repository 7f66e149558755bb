import { useEffect } from 'react';
import { Link } from 'wouter';
import { useSession } from '../session/session-context';
import { STAGE_LABELS } from '../api/types';
import { CampaignSummaryList } from '../campaigns/campaign-summary-list';
import { formatCount } from '../ui/format';
import { EmptyState, ErrorNotice, Loading } from '../ui/notices';
import { useQuery } from '../ui/use-query';
import { AccountHoldNotice, BalanceCard } from './balance-card';
import { useBalance } from './use-balance';
import { WorkerStatus } from './worker-status';

const REFRESH_MS = 4000;
/** The server asks the real gateway at most every 30 s anyway. */
const BALANCE_REFRESH_MS = 15_000;

export function OverviewPage() {
  const { api, setMode } = useSession();
  const overview = useQuery(() => api.overview(), [api], { refreshMs: REFRESH_MS });
  const balance = useBalance({ refreshMs: BALANCE_REFRESH_MS });
  const data = overview.data;

  useEffect(() => {
    if (data) setMode(data.mode);
  }, [data, setMode]);

  return (
    <section aria-labelledby="overview-title">
      <div className="page-head">
        <h1 id="overview-title">Overview</h1>
        <Link href="/campaigns/new" className="button button-primary">
          New campaign
        </Link>
      </div>
      {overview.loading ? <Loading /> : null}
      <ErrorNotice error={overview.error} />
      {data ? (
        <>
          {data.accountHold ? <AccountHoldNotice hold={data.accountHold} /> : null}
          <p className="muted">
            Sender ID <strong>{data.senderId}</strong> · figures for today (Karachi time), refreshed every few seconds.
          </p>
          <ul className="stat-grid" aria-label="Today">
            {/* The words every screen uses for a message (src/outbox/message-stage.ts). */}
            <Stat label={STAGE_LABELS.sent} value={data.today.sent} testId="stat-sent" />
            <Stat label={STAGE_LABELS.delivered} value={data.today.delivered} testId="stat-delivered" />
            <Stat
              label={`${STAGE_LABELS.not_delivered} or ${STAGE_LABELS.failed.toLowerCase()}`}
              value={data.today.failed}
              testId="stat-failed"
              tone="bad"
            />
            <Stat label="Waiting to be sent or for a delivery report" value={data.today.pending} testId="stat-pending" />
          </ul>
          {balance.data ? <BalanceCard view={balance.data} /> : null}
          <h2>Active campaigns</h2>
          {data.campaigns.length === 0 ? (
            <EmptyState>
              No campaign is running, scheduled or paused. <Link href="/campaigns/new">Compose one</Link>.
            </EmptyState>
          ) : (
            <CampaignSummaryList items={data.campaigns} />
          )}
          <h2>Sending worker</h2>
          <WorkerStatus worker={data.worker} />
        </>
      ) : null}
    </section>
  );
}

function Stat({ label, value, testId, tone }: { label: string; value: number; testId: string; tone?: 'bad' }) {
  return (
    <li className={`stat${tone === 'bad' && value > 0 ? ' stat-bad' : ''}`} data-testid={testId}>
      <span className="stat-value">{formatCount(value)}</span>
      <span className="stat-label">{label}</span>
    </li>
  );
}
