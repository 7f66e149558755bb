import { Link } from 'wouter';
import type { Conversation, ConversationEntry } from '../api/types';
import { useApi } from '../session/session-context';
import { formatKarachi } from '../time/karachi';
import { EmptyState, ErrorNotice, InfoNotice, Loading } from '../ui/notices';
import { MessageOutcome } from '../messages/message-outcome';
import { useQuery } from '../ui/use-query';
import { ReplyForm } from './reply-form';
import { SaveContactForm } from './save-contact-form';
import './conversation.css';

/** Everything said between the cafe and one customer, as a chat: theirs on the left, ours on the right. */
export function ConversationView({ phone }: { phone: string }) {
  const api = useApi();
  const conversation = useQuery(() => api.conversation(phone), [api, phone], { refreshMs: 4000 });
  return (
    <section aria-labelledby="conversation-title">
      <p className="breadcrumb">
        <Link href="/inbox">← All messages</Link>
      </p>
      {conversation.loading ? <Loading /> : null}
      <ErrorNotice error={conversation.error} />
      {conversation.data ? <ConversationBody conversation={conversation.data} onChanged={conversation.reload} /> : null}
    </section>
  );
}

function ConversationBody({ conversation, onChanged }: { conversation: Conversation; onChanged: () => void }) {
  const { contact } = conversation;
  return (
    <>
      <h1 id="conversation-title" className="conversation-title">
        <span dir="auto">{contact?.name || 'Unknown sender'}</span>{' '}
        <span className="phone conversation-phone">{conversation.phoneShown}</span>
      </h1>
      {contact === null ? <SaveContactForm phone={conversation.phone} onSaved={onChanged} /> : null}
      {conversation.items.length === 0 ? (
        <EmptyState>No messages with this customer yet.</EmptyState>
      ) : (
        <ol className="thread" data-testid="thread" aria-label="Messages, oldest first">
          {conversation.items.map((entry) => (
            <ThreadEntry key={`${entry.direction}-${entry.id}`} entry={entry} />
          ))}
        </ol>
      )}
      {contact?.optedOut ? (
        <InfoNotice testId="conversation-opted-out">
          This customer opted out: nothing can be sent to them until they reply START or staff opt them back in on the Contacts page.
        </InfoNotice>
      ) : (
        <ReplyForm phone={conversation.phone} onSent={onChanged} />
      )}
    </>
  );
}

function ThreadEntry({ entry }: { entry: ConversationEntry }) {
  const incoming = entry.direction === 'in';
  return (
    <li className={`thread-entry ${incoming ? 'thread-in' : 'thread-out'}`} data-testid={`thread-${entry.direction}-${entry.id}`}>
      <p className="sms-bubble sms-text" dir="auto">
        {entry.body}
      </p>
      <p className="muted small thread-meta">
        {incoming ? 'Customer' : entry.campaignId === null ? 'Cafe' : 'Cafe (campaign)'} ·{' '}
        <time dateTime={entry.at}>{formatKarachi(entry.at)}</time>
        {entry.direction === 'out' ? (
          <>
            {' '}
            <MessageOutcome shownAs={entry.shownAs} />
          </>
        ) : entry.action === 'opt_out' ? (
          <span className="badge badge-opted-out">Opted out</span>
        ) : entry.action === 'opt_in' ? (
          <span className="badge badge-subscribed">Opted in</span>
        ) : null}
      </p>
    </li>
  );
}
