import { useState, type FormEvent } from 'react';
import { ApiError, fieldError } from '../api/api-error';
import type { ApiKeyInfo, PasswordOnce, StaffUser } from '../api/types';
import { useSession } from '../session/session-context';
import { formatKarachi } from '../time/karachi';
import { ConfirmPanel } from '../ui/confirm-panel';
import { Field } from '../ui/field';
import { ErrorNotice, Loading, SuccessNotice } from '../ui/notices';
import { useQuery } from '../ui/use-query';
import './staff.css';

/** Admins only (nothing for staff): who may sign in, their passwords, and the machines' API keys. */
export function StaffSection() {
  const { user } = useSession();
  return user?.role === 'admin' ? <StaffManagement /> : null;
}

function StaffManagement() {
  const { api } = useSession();
  const users = useQuery(() => api.users.list(), [api]);
  const [shown, setShown] = useState<{ what: string; password: string } | null>(null);

  function showOnce(what: string, answer: PasswordOnce) {
    setShown({ what, password: answer.password });
    users.reload();
  }

  return (
    <section className="card staff-section" aria-labelledby="staff-title">
      <h2 id="staff-title">Staff</h2>
      {shown ? <PasswordOnceNotice what={shown.what} password={shown.password} onDone={() => setShown(null)} /> : null}
      {users.loading ? <Loading /> : null}
      <ErrorNotice error={users.error} />
      {users.data ? (
        <ul className="staff-list" data-testid="staff-list">
          {users.data.items.map((user) => (
            <StaffRow
              key={user.id}
              user={user}
              onReset={(answer) => showOnce(`${user.username}’s new password`, answer)}
              onRemoved={users.reload}
            />
          ))}
        </ul>
      ) : null}
      <AddStaffForm onAdded={(answer) => showOnce(`${answer.user.username} can sign in with this password`, answer)} />
      <ApiKeys />
    </section>
  );
}

/** A generated password, shown this once: only its hash is kept, so nobody can see it again. */
function PasswordOnceNotice({ what, password, onDone }: { what: string; password: string; onDone: () => void }) {
  return (
    <SuccessNotice testId="password-once">
      {what}: <code className="password-once">{password}</code>
      <br />
      Write it down or hand it over now: it is not shown again.{' '}
      <button type="button" className="button-link" onClick={onDone}>
        Done
      </button>
    </SuccessNotice>
  );
}

type StaffMode = 'view' | 'confirm-reset' | 'confirm-remove';

function StaffRow({ user, onReset, onRemoved }: { user: StaffUser; onReset: (answer: PasswordOnce) => void; onRemoved: () => void }) {
  const { api, user: me } = useSession();
  const [mode, setMode] = useState<StaffMode>('view');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const isMe = me?.id === user.id;

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setMode('view');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const cancel = () => setMode('view');
  return (
    <li className="staff-row" data-testid={`staff-${user.username}`}>
      <div className="staff-row-head">
        <strong>{user.username}</strong>
        <span className={`badge ${user.role === 'admin' ? 'badge-running' : 'badge-queued'}`}>{user.role}</span>
        {isMe ? <span className="muted small">(you)</span> : null}
        <span className="muted small">since {formatKarachi(user.createdAt)}</span>
      </div>
      {mode === 'confirm-reset' ? (
        <ConfirmPanel label={`Reset the password of ${user.username}?`} className="confirm-neutral" busy={busy} onCancel={cancel}>
          <p>Give {user.username} a new password? They are signed out everywhere, and the old password stops working.</p>
          <div className="button-row compact">
            <button
              type="button"
              className="button-primary"
              disabled={busy}
              onClick={() => void run(async () => onReset(await api.users.resetPassword(user.id)))}
            >
              Yes, reset the password
            </button>
            <button type="button" className="button-secondary" disabled={busy} onClick={cancel}>
              Keep it
            </button>
          </div>
        </ConfirmPanel>
      ) : mode === 'confirm-remove' ? (
        <ConfirmPanel label={`Remove ${user.username}?`} busy={busy} onCancel={cancel}>
          <p>Remove {user.username}? They are signed out at once and can no longer sign in.</p>
          <div className="button-row compact">
            <button
              type="button"
              className="button-danger"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  await api.users.remove(user.id);
                  onRemoved();
                })
              }
            >
              Yes, remove
            </button>
            <button type="button" className="button-secondary" disabled={busy} onClick={cancel}>
              Keep
            </button>
          </div>
        </ConfirmPanel>
      ) : (
        <div className="button-row compact">
          <button
            type="button"
            className="button-secondary"
            aria-label={`Reset the password of ${user.username}`}
            onClick={() => setMode('confirm-reset')}
          >
            Reset password
          </button>
          {isMe ? null : (
            <button
              type="button"
              className="button-danger-outline"
              aria-label={`Remove ${user.username}`}
              onClick={() => setMode('confirm-remove')}
            >
              Remove
            </button>
          )}
        </div>
      )}
      <ErrorNotice error={error} />
    </li>
  );
}

function AddStaffForm({ onAdded }: { onAdded: (answer: PasswordOnce) => void }) {
  const { api } = useSession();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<StaffUser['role']>('staff');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (username.trim() === '') {
      setError(new ApiError(400, 'invalid_input', 'Write the username they will sign in with.', 'username'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      onAdded(await api.users.add(username.trim(), role));
      setUsername('');
      setRole('staff');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="inline-form add-staff" onSubmit={(event) => void submit(event)} noValidate aria-label="Add staff">
      <Field label="New username" error={fieldError(error, 'username')}>
        <input
          value={username}
          autoComplete="off"
          autoCapitalize="none"
          onChange={(event) => {
            setUsername(event.target.value);
            setError(undefined);
          }}
        />
      </Field>
      <Field label="Role" error={fieldError(error, 'role')}>
        <select value={role} onChange={(event) => setRole(event.target.value as StaffUser['role'])}>
          <option value="staff">Staff</option>
          <option value="admin">Admin (also settings, staff)</option>
        </select>
      </Field>
      <button type="submit" className="button-primary" disabled={busy}>
        {busy ? 'Adding…' : 'Add staff'}
      </button>
      <ErrorNotice error={fieldError(error, 'username') || fieldError(error, 'role') ? undefined : error} />
    </form>
  );
}

function ApiKeys() {
  const { api } = useSession();
  const keys = useQuery(() => api.apiKeys.list(), [api]);
  return (
    <div className="api-keys">
      <h3>API keys</h3>
      <p className="muted small">
        Keys let other systems (a till, the website) send messages. They are made on the server with <code>cafe-sms apikey create</code>.
      </p>
      {keys.loading ? <Loading /> : null}
      <ErrorNotice error={keys.error} />
      {keys.data ? (
        keys.data.items.length === 0 ? (
          <p className="muted small">No API keys.</p>
        ) : (
          <ul className="staff-list" data-testid="api-keys">
            {keys.data.items.map((key) => (
              <ApiKeyRow key={key.id} apiKey={key} onRevoked={keys.reload} />
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}

function ApiKeyRow({ apiKey, onRevoked }: { apiKey: ApiKeyInfo; onRevoked: () => void }) {
  const { api } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  async function revoke() {
    setBusy(true);
    setError(undefined);
    try {
      await api.apiKeys.revoke(apiKey.id);
      setConfirming(false);
      onRevoked();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="staff-row" data-testid={`api-key-${apiKey.name}`}>
      <div className="staff-row-head">
        <strong>{apiKey.name}</strong>
        <code className="small">{apiKey.prefix}…</code>
        {apiKey.revokedAt ? (
          <span className="badge badge-failed">revoked {formatKarachi(apiKey.revokedAt)}</span>
        ) : (
          <span className="muted small">{apiKey.lastUsedAt ? `last used ${formatKarachi(apiKey.lastUsedAt)}` : 'never used'}</span>
        )}
      </div>
      {apiKey.revokedAt ? null : confirming ? (
        <ConfirmPanel label={`Revoke the API key ${apiKey.name}?`} busy={busy} onCancel={() => setConfirming(false)}>
          <p>Revoke {apiKey.name}? Whatever uses it stops working at once.</p>
          <div className="button-row compact">
            <button type="button" className="button-danger" disabled={busy} onClick={() => void revoke()}>
              Yes, revoke
            </button>
            <button type="button" className="button-secondary" disabled={busy} onClick={() => setConfirming(false)}>
              Keep
            </button>
          </div>
        </ConfirmPanel>
      ) : (
        <div className="button-row compact">
          <button type="button" className="button-danger-outline" aria-label={`Revoke ${apiKey.name}`} onClick={() => setConfirming(true)}>
            Revoke
          </button>
        </div>
      )}
      <ErrorNotice error={error} />
    </li>
  );
}
