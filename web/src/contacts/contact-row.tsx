import { useEffect, useState, type FormEvent } from 'react';
import { fieldError, withoutFieldError } from '../api/api-error';
import type { Contact } from '../api/types';
import { useApi } from '../session/session-context';
import { formatKarachi } from '../time/karachi';
import { ConfirmPanel } from '../ui/confirm-panel';
import { ErrorNotice } from '../ui/notices';
import { ConsentHistory } from './consent-history';
import { OptInPanel } from './opt-in-panel';
import { parseTagList } from './tag-list';
import { phoneForStaff } from '../../../src/sms/phone-for-staff.js';

type RowMode = 'view' | 'edit' | 'confirm-delete' | 'confirm-opt-in';

/**
 * After an opt-out, "Opt back in…" stays disabled this long, so a double tap on "Opt out" lands on
 * nothing (it would only open the question anyway, which always asks for a reason).
 */
const OPT_IN_PAUSE_MS = 1500;

/**
 * The contact as the server last answered it: a consent change shows at once, before the page reloads.
 * A newly listed contact replaces it, adjusted during render (https://react.dev/learn/you-might-not-need-an-effect).
 */
function useLatest(contact: Contact): [Contact, (next: Contact) => void] {
  const [latest, setLatest] = useState(contact);
  const [listed, setListed] = useState(contact);
  if (listed !== contact) {
    setListed(contact);
    setLatest(contact);
  }
  return [latest, setLatest];
}

/** True for a moment after `start()`. */
function usePause(ms: number): [boolean, () => void] {
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (!paused) return undefined;
    const timer = setTimeout(() => setPaused(false), ms);
    return () => clearTimeout(timer);
  }, [paused, ms]);
  return [paused, () => setPaused(true)];
}

/** One contact with its opt-out state and the actions staff take on it. */
export function ContactRow({ contact: listed, onChanged }: { contact: Contact; onChanged: () => void }) {
  const api = useApi();
  const [contact, setContact] = useLatest(listed);
  const [mode, setMode] = useState<RowMode>('view');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [historyVersion, setHistoryVersion] = useState(0);
  const [optInPaused, pauseOptIn] = usePause(OPT_IN_PAUSE_MS);

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setMode('view');
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  function changeConsent(change: () => Promise<Contact>, afterwards: () => void = () => undefined) {
    void run(async () => {
      setContact(await change());
      setHistoryVersion((version) => version + 1);
      afterwards();
    });
  }

  const who = contact.name || phoneForStaff(contact.phone);
  return (
    <tr data-testid={`contact-${contact.id}`}>
      <td data-label="Phone">
        <span className="phone">{phoneForStaff(contact.phone)}</span>
      </td>
      <td data-label="Name" dir="auto">
        {contact.name || <span className="muted">—</span>}
      </td>
      <td data-label="Tags">
        <div>
          {contact.tags.length === 0 ? (
            <span className="muted">—</span>
          ) : (
            contact.tags.map((tag) => (
              <span key={tag} className="tag">
                #{tag}
              </span>
            ))
          )}
        </div>
      </td>
      <td data-label="Status" className="consent-state">
        {contact.optedOut ? (
          <span className="badge badge-opted-out" title={contact.optOutReason ?? undefined}>
            Opted out{contact.optedOutAt ? ` · ${formatKarachi(contact.optedOutAt)}` : ''}
          </span>
        ) : (
          <span className="badge badge-subscribed">Subscribed</span>
        )}
      </td>
      <td data-label="Actions" className="cell-actions">
        <div>
          {mode === 'edit' ? (
            <EditContact
              contact={contact}
              busy={busy}
              error={error}
              onCancel={() => setMode('view')}
              onFieldEdited={(field) => setError((current: unknown) => withoutFieldError(current, field))}
              onSave={(patch) => run(() => api.contacts.update(contact.id, patch))}
            />
          ) : mode === 'confirm-delete' ? (
            <ConfirmPanel label={`Delete ${who}?`} testId={`confirm-delete-${contact.id}`} busy={busy} onCancel={() => setMode('view')}>
              {contact.optedOut ? (
                <p>
                  Delete {who}? They opted out: deleting forgets that, and a later import could message them again. Only do this if they
                  asked to be erased.
                </p>
              ) : (
                <p>Delete {who}? Their message history stays.</p>
              )}
              <div className="button-row">
                <button
                  type="button"
                  className="button-danger"
                  disabled={busy}
                  onClick={() => void run(() => api.contacts.remove(contact.id, { forgetOptOut: contact.optedOut }))}
                >
                  {contact.optedOut ? 'Yes, delete and forget the opt-out' : 'Yes, delete'}
                </button>
                <button type="button" className="button-secondary" disabled={busy} onClick={() => setMode('view')}>
                  Keep
                </button>
              </div>
            </ConfirmPanel>
          ) : mode === 'confirm-opt-in' ? (
            <OptInPanel
              contact={contact}
              who={who}
              busy={busy}
              error={error}
              onError={setError}
              onCancel={() => {
                setError(undefined);
                setMode('view');
              }}
              onConfirm={(reason) =>
                changeConsent(
                  () => api.contacts.optIn(contact.id, reason),
                  () => setHistoryOpen(true),
                )
              }
            />
          ) : (
            <RowButtons
              contact={contact}
              who={who}
              busy={busy}
              optInPaused={optInPaused}
              historyOpen={historyOpen}
              onOptOut={() => changeConsent(() => api.contacts.optOut(contact.id, 'Opted out by staff in the dashboard'), pauseOptIn)}
              onOptIn={() => setMode('confirm-opt-in')}
              onHistory={() => setHistoryOpen(!historyOpen)}
              onEdit={() => setMode('edit')}
              onDelete={() => setMode('confirm-delete')}
            />
          )}
          {mode !== 'edit' && mode !== 'confirm-opt-in' ? <ErrorNotice error={error} /> : null}
          {historyOpen ? <ConsentHistory contactId={contact.id} version={historyVersion} /> : null}
        </div>
      </td>
    </tr>
  );
}

function RowButtons({
  contact,
  who,
  busy,
  optInPaused,
  historyOpen,
  onOptOut,
  onOptIn,
  onHistory,
  onEdit,
  onDelete,
}: {
  contact: Contact;
  who: string;
  busy: boolean;
  optInPaused: boolean;
  historyOpen: boolean;
  onOptOut: () => void;
  onOptIn: () => void;
  onHistory: () => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  return (
    <div className="button-row compact">
      {contact.optedOut ? (
        <button
          type="button"
          className="button-secondary"
          disabled={busy || optInPaused}
          aria-label={`Opt in ${who}…`}
          data-testid={`opt-in-${contact.id}`}
          onClick={onOptIn}
        >
          Opt back in…
        </button>
      ) : (
        <button
          type="button"
          className="button-secondary"
          disabled={busy}
          aria-label={`Opt out ${who}`}
          data-testid={`opt-out-${contact.id}`}
          onClick={onOptOut}
        >
          Opt out
        </button>
      )}
      <button
        type="button"
        className="button-secondary"
        aria-expanded={historyOpen}
        aria-label={`Consent history of ${who}`}
        onClick={onHistory}
      >
        History
      </button>
      <button type="button" className="button-secondary" disabled={busy} aria-label={`Edit ${who}`} onClick={onEdit}>
        Edit
      </button>
      <button type="button" className="button-danger-outline" disabled={busy} aria-label={`Delete ${who}`} onClick={onDelete}>
        Delete
      </button>
    </div>
  );
}

function EditContact({
  contact,
  busy,
  error,
  onCancel,
  onFieldEdited,
  onSave,
}: {
  contact: Contact;
  busy: boolean;
  error: unknown;
  onCancel: () => void;
  onFieldEdited: (field: 'name' | 'tags') => void;
  onSave: (patch: { name: string | null; tags: string[] }) => Promise<void>;
}) {
  const [name, setName] = useState(contact.name ?? '');
  const [tags, setTags] = useState(contact.tags.join(', '));
  const nameId = `edit-name-${contact.id}`;
  const tagsId = `edit-tags-${contact.id}`;

  function submit(event: FormEvent) {
    event.preventDefault();
    void onSave({ name: name.trim() || null, tags: parseTagList(tags) });
  }

  return (
    <form className="edit-contact" onSubmit={submit}>
      <label htmlFor={nameId}>Name</label>
      <input
        id={nameId}
        value={name}
        dir="auto"
        onChange={(event) => {
          setName(event.target.value);
          onFieldEdited('name');
        }}
      />
      {fieldError(error, 'name') ? <p className="field-error">{fieldError(error, 'name')}</p> : null}
      <label htmlFor={tagsId}>Tags</label>
      <input
        id={tagsId}
        value={tags}
        onChange={(event) => {
          setTags(event.target.value);
          onFieldEdited('tags');
        }}
      />
      {fieldError(error, 'tags') ? <p className="field-error">{fieldError(error, 'tags')}</p> : null}
      <ErrorNotice error={fieldError(error, 'name') || fieldError(error, 'tags') ? undefined : error} />
      <div className="button-row compact">
        <button type="submit" className="button-primary" disabled={busy}>
          Save
        </button>
        <button type="button" className="button-secondary" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
