import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'wouter';
import type { OutboxMessageView } from '../api/types';
import { MESSAGE_STAGES, STAGE_LABELS } from '../api/types';
import { useApi } from '../session/session-context';
import { formatKarachi } from '../time/karachi';
import { formatCount } from '../ui/format';
import { EmptyState, ErrorNotice, Loading } from '../ui/notices';
import { Pager } from '../ui/pager';
import { useDebouncedValue } from '../ui/use-debounced-value';
import { useQuery } from '../ui/use-query';
import { filtersFromSearch, filtersToQuery, filtersToSearch, type MessageFilters } from './message-filters';
import { MessageOutcome } from './message-outcome';
import { SendOneForm } from './send-one-form';

const PAGE_SIZE = 50;

export function MessagesPage() {
  const api = useApi();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = filtersFromSearch(searchParams);
  const [phone, setPhone] = useState(filters.phone);
  const [showSend, setShowSend] = useState(false);
  const debouncedPhone = useDebouncedValue(phone.trim(), 400);
  const effective: MessageFilters = { ...filters, phone: debouncedPhone };
  const query = filtersToQuery(effective, PAGE_SIZE);

  const messages = useQuery(() => api.messages.list(query), [api, JSON.stringify(query)], { refreshMs: 5000 });
  const campaigns = useQuery(() => api.campaigns.list(), [api]);
  const campaignNames = new Map((campaigns.data?.items ?? []).map((item) => [item.campaign.id, item.campaign.name]));

  function update(patch: Partial<MessageFilters>) {
    setSearchParams(filtersToSearch({ ...effective, offset: 0, ...patch }), { replace: true });
  }

  // The typed phone reaches the address bar once typing pauses, starting again from the first page.
  useEffect(() => {
    if (debouncedPhone !== filters.phone) update({ phone: debouncedPhone });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedPhone]);

  return (
    <section aria-labelledby="messages-title">
      <div className="page-head">
        <h1 id="messages-title">Messages</h1>
        <button type="button" className="button-secondary" aria-expanded={showSend} onClick={() => setShowSend(!showSend)}>
          Send a single SMS
        </button>
      </div>
      {showSend ? <SendOneForm onSent={messages.reload} /> : null}

      <div className="filters" role="search" aria-label="Filter messages">
        <div className="field">
          <label htmlFor="messages-campaign">Campaign</label>
          <select id="messages-campaign" value={filters.campaignId} onChange={(event) => update({ campaignId: event.target.value })}>
            <option value="">All messages</option>
            {(campaigns.data?.items ?? []).map((item) => (
              <option key={item.campaign.id} value={String(item.campaign.id)}>
                {item.campaign.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="messages-stage">What happened</label>
          <select id="messages-stage" value={filters.stage} onChange={(event) => update({ stage: event.target.value })}>
            <option value="">Anything</option>
            {MESSAGE_STAGES.map((stage) => (
              <option key={stage} value={stage}>
                {STAGE_LABELS[stage]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="messages-phone">Phone</label>
          <input id="messages-phone" type="search" inputMode="tel" value={phone} onChange={(event) => setPhone(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="messages-from">From (day)</label>
          <input id="messages-from" type="date" value={filters.from} onChange={(event) => update({ from: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="messages-to">To (day)</label>
          <input id="messages-to" type="date" value={filters.to} onChange={(event) => update({ to: event.target.value })} />
        </div>
      </div>
      <ErrorNotice error={campaigns.error} />

      {messages.loading ? <Loading /> : null}
      <ErrorNotice error={messages.error} />
      {messages.data ? (
        messages.data.items.length === 0 ? (
          <EmptyState>No message matches these filters.</EmptyState>
        ) : (
          <>
            <div className="table-wrap">
              <table className="table table-cards" data-testid="messages-table">
                <thead>
                  <tr>
                    <th scope="col">Created</th>
                    <th scope="col">To</th>
                    <th scope="col">Message</th>
                    <th scope="col">What happened</th>
                    <th scope="col" className="num">
                      SMS parts
                    </th>
                    <th scope="col">When</th>
                  </tr>
                </thead>
                <tbody>
                  {messages.data.items.map((message) => (
                    <MessageRow key={message.id} message={message} campaignName={campaignNames.get(message.campaignId ?? -1)} />
                  ))}
                </tbody>
              </table>
            </div>
            <Pager
              label="Messages"
              offset={filters.offset}
              limit={PAGE_SIZE}
              total={messages.data.total}
              onChange={(offset) => update({ offset })}
            />
          </>
        )
      ) : null}
    </section>
  );
}

function MessageRow({ message, campaignName }: { message: OutboxMessageView; campaignName: string | undefined }) {
  return (
    <tr data-testid={`message-${message.id}`}>
      <td data-label="Created" className="cell-time">
        {formatKarachi(message.createdAt)}
      </td>
      <td data-label="To">
        <span>
          {message.contactName ? (
            <>
              <bdi>{message.contactName}</bdi>{' '}
            </>
          ) : null}
          <span className="phone">{message.phoneShown}</span>
        </span>
      </td>
      <td data-label="Message">
        <div>
          <p className="message-body sms-text" dir="auto">
            {message.body}
          </p>
          {message.campaignId !== null ? (
            <Link href={`/campaigns/${message.campaignId}`} className="small">
              {campaignName ? <bdi>{campaignName}</bdi> : `Campaign #${message.campaignId}`}
            </Link>
          ) : (
            <span className="muted small">One-off</span>
          )}
        </div>
      </td>
      <td data-label="What happened">
        <MessageOutcome shownAs={message.shownAs} />
      </td>
      <td data-label="SMS parts" className="num">
        <span
          title={
            message.encoding === 'UCS-2'
              ? 'Urdu or special letters: 70 characters an SMS part'
              : 'Basic letters: 160 characters an SMS part'
          }
        >
          {formatCount(message.segments)}
        </span>
      </td>
      <td data-label="When" className="small">
        <MessageTimes message={message} />
      </td>
    </tr>
  );
}

/** When it went to the gateway and when the delivery report came; the reasons are behind "why?". */
function MessageTimes({ message }: { message: OutboxMessageView }) {
  const reported = message.shownAs.stage === 'delivered' || message.shownAs.stage === 'not_delivered';
  const parts = [
    ...(message.sentAt ? [`Sent ${formatKarachi(message.sentAt)}`] : []),
    ...(message.finalAt && reported ? [`report ${formatKarachi(message.finalAt)}`] : []),
    ...(message.attempts > 1 ? [`${message.attempts} attempts`] : []),
  ];
  return <span className="muted">{parts.length === 0 ? '—' : parts.join(' · ')}</span>;
}
