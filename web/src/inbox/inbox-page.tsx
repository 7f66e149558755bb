import { useState } from 'react';
import { Link, useSearchParams } from 'wouter';
import type { InboundMessage, InboxItem } from '../api/types';
import { useSession } from '../session/session-context';
import { formatKarachi } from '../time/karachi';
import { EmptyState, ErrorNotice, Loading } from '../ui/notices';
import { Pager } from '../ui/pager';
import { useQuery } from '../ui/use-query';
import { ConversationView } from './conversation-view';
import { SimulateReplyForm } from './simulate-reply-form';
import './conversation.css';

const PAGE_SIZE = 50;

/** The list of customers' messages, or with `?phone=` the conversation with one of them. */
export function InboxPage() {
  const [searchParams] = useSearchParams();
  const phone = searchParams.get('phone');
  return phone ? <ConversationView phone={phone} /> : <InboxList />;
}

function InboxList() {
  const { api, mode } = useSession();
  const [offset, setOffset] = useState(0);
  const inbound = useQuery(() => api.inbound({ limit: PAGE_SIZE, offset }), [api, offset], { refreshMs: 4000 });

  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">Inbox</h1>
      <p className="muted">Replies from customers, newest first. STOP opts a customer out, START opts them back in.</p>
      {mode === 'sandbox' ? <SimulateReplyForm onInjected={inbound.reload} /> : null}
      {inbound.loading ? <Loading /> : null}
      <ErrorNotice error={inbound.error} />
      {inbound.data ? (
        inbound.data.items.length === 0 ? (
          <EmptyState>No replies yet.</EmptyState>
        ) : (
          <>
            <ul className="inbox-list" data-testid="inbox-list">
              {inbound.data.items.map((message) => (
                <InboundItem key={message.id} message={message} />
              ))}
            </ul>
            <Pager label="Inbox" offset={offset} limit={PAGE_SIZE} total={inbound.data.total} onChange={setOffset} />
          </>
        )
      ) : null}
    </section>
  );
}

function InboundItem({ message }: { message: InboxItem }) {
  const who = message.contactName || message.phoneShown;
  return (
    <li className="card inbox-item" data-testid={`inbound-${message.id}`}>
      <div className="inbox-item-head">
        {message.contactName ? (
          <span className="inbox-who" dir="auto">
            {message.contactName}
          </span>
        ) : null}
        <span className="phone">{message.phoneShown}</span>
        <ActionBadge action={message.action} />
        <time className="muted small" dateTime={message.receivedAt}>
          {formatKarachi(message.receivedAt)}
        </time>
      </div>
      <p className="sms-text inbox-body" dir="auto">
        {message.body}
      </p>
      {message.contactId === null ? <p className="muted small">Not a saved contact.</p> : null}
      <div className="inbox-item-actions">
        <Link className="button button-secondary" href={`/inbox?phone=${encodeURIComponent(message.phone)}`} aria-label={`Reply to ${who}`}>
          Reply
        </Link>
      </div>
    </li>
  );
}

function ActionBadge({ action }: { action: InboundMessage['action'] }) {
  if (action === 'opt_out') return <span className="badge badge-opted-out">Opted out</span>;
  if (action === 'opt_in') return <span className="badge badge-subscribed">Opted in</span>;
  return null;
}
