import { useState, type FormEvent } from 'react';
import { ApiError, fieldError } from '../api/api-error';
import { SmsCounter } from '../campaigns/sms-counter';
import { useApi } from '../session/session-context';
import { Field } from '../ui/field';
import { ErrorNotice } from '../ui/notices';
import { randomKey } from '../ui/random-key';

/**
 * A reply to the customer: a one-off SMS through the outbox, as the Messages page sends one. The
 * Idempotency-Key lives until the server answers, so a second tap or a retry after a lost answer
 * never sends the reply twice. A customer who opted out is refused by the server, which says why.
 */
export function ReplyForm({ phone, onSent }: { phone: string; onSent: () => void }) {
  const api = useApi();
  const [message, setMessage] = useState('');
  const [idempotencyKey, setIdempotencyKey] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (message.trim() === '') {
      setError(new ApiError(400, 'invalid_input', 'Write the reply first.', 'message'));
      return;
    }
    const key = idempotencyKey ?? randomKey();
    setIdempotencyKey(key);
    setBusy(true);
    setError(undefined);
    try {
      await api.messages.send(phone, message, key);
      setMessage('');
      setIdempotencyKey(null);
      onSent();
    } catch (failure) {
      // Only a lost answer may be retried under the same key; a refused request gets a fresh one.
      if (!(failure instanceof ApiError && failure.status === 0)) setIdempotencyKey(null);
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card reply-form" onSubmit={(event) => void submit(event)} noValidate aria-label="Reply">
      <Field label="Reply" error={fieldError(error, 'message')}>
        <textarea
          className="sms-text"
          dir="auto"
          rows={3}
          value={message}
          onChange={(event) => {
            setMessage(event.target.value);
            setError(undefined);
          }}
        />
      </Field>
      <SmsCounter text={message} />
      <ErrorNotice error={fieldError(error, 'message') ? undefined : error} testId="reply-error" />
      <div className="button-row">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Sending…' : 'Send reply'}
        </button>
      </div>
    </form>
  );
}
