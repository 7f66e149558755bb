import { useState, type FormEvent } from 'react';
import { ApiError, fieldError } from '../api/api-error';
import type { Contact } from '../api/types';
import { formatKarachi } from '../time/karachi';
import { ConfirmPanel } from '../ui/confirm-panel';
import { Field } from '../ui/field';
import { ErrorNotice } from '../ui/notices';
import './consent.css';

/**
 * The question before a customer who opted out is messaged again: it always asks, and takes the
 * reason (recorded in the consent history with who did it).
 */
export function OptInPanel({
  contact,
  who,
  busy,
  error,
  onConfirm,
  onCancel,
  onError,
}: {
  contact: Contact;
  who: string;
  busy: boolean;
  error: unknown;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
  onError: (error: unknown) => void;
}) {
  const [reason, setReason] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (reason.trim() === '') {
      onError(new ApiError(400, 'invalid_input', 'Say why they are opted back in, e.g. “asked at the counter”.', 'reason'));
      return;
    }
    onConfirm(reason.trim());
  }

  const since = contact.optedOutAt ? ` on ${formatKarachi(contact.optedOutAt)}` : '';
  return (
    <ConfirmPanel
      label={`Opt ${who} back in?`}
      testId={`confirm-opt-in-${contact.id}`}
      className="confirm-neutral"
      busy={busy}
      onCancel={onCancel}
    >
      <form className="opt-in-form" onSubmit={submit} noValidate>
        <p>
          {who} opted out{since}
          {contact.optOutReason ? ` (${contact.optOutReason})` : ''}. Opt them back in only if they asked to get messages again.
        </p>
        <Field label="Why? (required)" error={fieldError(error, 'reason')} hint="For example: asked at the counter">
          <input
            value={reason}
            dir="auto"
            maxLength={200}
            autoComplete="off"
            onChange={(event) => {
              setReason(event.target.value);
              onError(undefined);
            }}
          />
        </Field>
        <ErrorNotice error={fieldError(error, 'reason') ? undefined : error} />
        <div className="button-row compact">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? 'Opting in…' : 'Opt back in'}
          </button>
          <button type="button" className="button-secondary" disabled={busy} onClick={onCancel}>
            Keep opted out
          </button>
        </div>
      </form>
    </ConfirmPanel>
  );
}
