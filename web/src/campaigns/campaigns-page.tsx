import { Link } from 'wouter';
import { useApi } from '../session/session-context';
import { formatKarachi } from '../time/karachi';
import { formatCount, formatRupees } from '../ui/format';
import { useBalance } from '../overview/use-balance';
import { EmptyState, ErrorNotice, Loading } from '../ui/notices';
import { ProgressBar } from '../ui/progress-bar';
import { StateBadge } from '../ui/state-badge';
import { useQuery } from '../ui/use-query';
import { CampaignWaitNotes, displayProgress } from './campaign-summary-list';

export function CampaignsPage() {
  const api = useApi();
  const campaigns = useQuery(() => api.campaigns.list(), [api], { refreshMs: 5000 });
  const items = campaigns.data?.items ?? [];
  const unitPrice = useBalance().data?.unitPrice ?? null;
  return (
    <section aria-labelledby="campaigns-title">
      <div className="page-head">
        <h1 id="campaigns-title">Campaigns</h1>
        <Link href="/campaigns/new" className="button button-primary">
          New campaign
        </Link>
      </div>
      {campaigns.loading ? <Loading /> : null}
      <ErrorNotice error={campaigns.error} />
      {campaigns.data && items.length === 0 ? (
        <EmptyState>
          No campaigns yet. <Link href="/campaigns/new">Compose the first one</Link>.
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="campaigns-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">State</th>
                <th scope="col">Progress</th>
                <th scope="col" className="num">
                  Recipients
                </th>
                <th scope="col" className="num">
                  SMS units
                </th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.campaign.id}>
                  <td data-label="Name">
                    <Link href={`/campaigns/${item.campaign.id}`}>{item.campaign.name}</Link>
                  </td>
                  <td data-label="State">
                    {/* One grid item: on a phone the cell is a label | value grid, and the notes belong under the badge. */}
                    <div>
                      <StateBadge state={item.campaign.state} />
                      <CampaignWaitNotes item={item} />
                    </div>
                  </td>
                  <td data-label="Progress" className="cell-progress">
                    <ProgressBar ratio={displayProgress(item)} label={`Progress of ${item.campaign.name}`} />
                  </td>
                  <td data-label="Recipients" className="num">
                    {formatCount(item.total)}
                  </td>
                  <td data-label="SMS units" className="num">
                    {formatCount(item.segments)}
                    {unitPrice !== null ? <span className="muted small"> · {formatRupees(item.segments * unitPrice)}</span> : null}
                  </td>
                  <td data-label="Created">{formatKarachi(item.campaign.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
