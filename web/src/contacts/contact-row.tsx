import { useState, type FormEvent } from 'react';
import { fieldError, withoutFieldError } from '../api/api-error';
import type { Contact } from '../api/types';
import { useApi } from '../session/session-context';
import { formatKarachi } from '../time/karachi';
import { ConfirmPanel } from '../ui/confirm-panel';
import { ErrorNotice } from '../ui/notices';
import { parseTagList } from './tag-list';

type RowMode = 'view' | 'edit' | 'confirm-delete';

/** One contact with its opt-out state and the actions staff take on it. */
export function ContactRow({ contact, onChanged }: { contact: Contact; onChanged: () => void }) {
  const api = useApi();
  const [mode, setMode] = useState<RowMode>('view');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

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

  const who = contact.name || `+${contact.phone}`;
  return (
    <tr data-testid={`contact-${contact.id}`}>
      <td data-label="Phone">
        <span className="phone">+{contact.phone}</span>
      </td>
      <td data-label="Name" dir="auto">
        {contact.name || <span className="muted">—</span>}
      </td>
      <td data-label="Tags">
        <div>
          {contact.tags.length === 0 ? <span className="muted">—</span> : contact.tags.map((tag) => <span key={tag} className="tag">#{tag}</span>)}
        </div>
      </td>
      <td data-label="Status">
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
                  Delete {who}? They opted out: deleting forgets that, and a later import could message them again. Only do this if
                  they asked to be erased.
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
          ) : (
            <RowButtons
              contact={contact}
              who={who}
              busy={busy}
              onConsent={() =>
                void run(() => (contact.optedOut ? api.contacts.optIn(contact.id) : api.contacts.optOut(contact.id, 'Opted out by staff in the dashboard')))
              }
              onEdit={() => setMode('edit')}
              onDelete={() => setMode('confirm-delete')}
            />
          )}
          {mode !== 'edit' ? <ErrorNotice error={error} /> : null}
        </div>
      </td>
    </tr>
  );
}

function RowButtons({
  contact,
  who,
  busy,
  onConsent,
  onEdit,
  onDelete,
}: {
  contact: Contact;
  who: string;
  busy: boolean;
  onConsent: () => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const consent = contact.optedOut ? 'Opt in' : 'Opt out';
  return (
    <div className="button-row compact">
      <button type="button" className="button-secondary" disabled={busy} aria-label={`${consent} ${who}`} onClick={onConsent}>
        {consent}
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
      <input id={nameId} value={name} dir="auto" onChange={(event) => {
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
