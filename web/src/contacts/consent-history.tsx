import type { ConsentEvent } from '../api/types';
import { useApi } from '../session/session-context';
import { formatKarachi } from '../time/karachi';
import { ErrorNotice, Loading } from '../ui/notices';
import { useQuery } from '../ui/use-query';
import { consentChangeWords, consentSourceWords } from './consent-words';
import './consent.css';

/**
 * Every opt-out and opt-in of a contact, newest first: when, what, from where, who and why. `version`
 * changes after the row changed consent, so the list reloads with the new entry.
 */
export function ConsentHistory({ contactId, version }: { contactId: number; version: number }) {
  const api = useApi();
  const history = useQuery(() => api.contacts.consentHistory(contactId), [api, contactId, version]);
  if (history.loading) return <Loading label="Loading the history…" />;
  if (!history.data) return <ErrorNotice error={history.error} />;
  const events = [...history.data.items].reverse();
  return (
    <div className="consent-history" data-testid={`consent-history-${contactId}`}>
      <h3 className="small">Consent history</h3>
      {events.length === 0 ? (
        <p className="muted small">Never opted out.</p>
      ) : (
        <ol>
          {events.map((event) => (
            <ConsentLine key={event.id} event={event} />
          ))}
        </ol>
      )}
    </div>
  );
}

function ConsentLine({ event }: { event: ConsentEvent }) {
  return (
    <li>
      <span className={`badge ${event.change === 'opt_out' ? 'badge-opted-out' : 'badge-subscribed'}`}>
        {consentChangeWords(event.change)}
      </span>{' '}
      <time className="small" dateTime={event.createdAt}>
        {formatKarachi(event.createdAt)}
      </time>
      <span className="small"> · by {consentSourceWords(event)}</span>
      {event.reason ? (
        <span className="small muted" dir="auto">
          {' '}
          · “{event.reason}”
        </span>
      ) : null}
    </li>
  );
}
