import { useState, type FormEvent } from 'react';
import { ApiError, fieldError, withoutFieldError } from '../api/api-error';
import { useApi } from '../session/session-context';
import { SmsCounter } from '../campaigns/sms-counter';
import { Field } from '../ui/field';
import { ErrorNotice, SuccessNotice } from '../ui/notices';

/**
 * A one-off SMS through the outbox. The Idempotency-Key is kept until the server answers, so pressing
 * Send again after a lost answer replays the first request instead of sending a second SMS.
 */
export function SendOneForm({ onSent }: { onSent: () => void }) {
  const api = useApi();
  const [phone, setPhone] = useState('');
  const [message, setMessage] = useState('');
  const [idempotencyKey, setIdempotencyKey] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (phone.trim() === '' || message.trim() === '') {
      setError(new ApiError(400, 'invalid_input', 'Enter the phone number and the message.', phone.trim() === '' ? 'phone' : 'message'));
      return;
    }
    const key = idempotencyKey ?? randomKey();
    setIdempotencyKey(key);
    setBusy(true);
    setError(undefined);
    setSent(null);
    try {
      const answer = await api.messages.send(phone.trim(), message, key);
      const to = answer.message.contactName ? `${answer.message.contactName} (${answer.message.phoneShown})` : answer.message.phoneShown;
      setSent(`${answer.message.shownAs.label}: the SMS to ${to} is in the outbox. The list below shows when it is sent and delivered.`);
      setPhone('');
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

  const general = error instanceof ApiError && (error.field === 'phone' || error.field === 'message') ? undefined : error;
  return (
    <form className="card" onSubmit={(event) => void submit(event)} noValidate aria-label="Send a single SMS">
      <h2>Send a single SMS</h2>
      <p className="muted small">Sent at once (not held in quiet hours) and without the opt-out line: use it for order updates.</p>
      <div className="form-grid">
        <Field label="Phone" error={fieldError(error, 'phone')}>
          <input
            type="tel"
            inputMode="tel"
            value={phone}
            onChange={(event) => {
              setPhone(event.target.value);
              setError((current: unknown) => withoutFieldError(current, 'phone'));
            }}
            placeholder="0300 1234567"
          />
        </Field>
        <Field label="Message" error={fieldError(error, 'message')}>
          <textarea
            className="sms-text"
            dir="auto"
            rows={3}
            value={message}
            onChange={(event) => {
              setMessage(event.target.value);
              setError((current: unknown) => withoutFieldError(current, 'message'));
            }}
          />
        </Field>
      </div>
      <SmsCounter text={message} />
      <ErrorNotice error={general} testId="send-one-error" />
      {sent ? <SuccessNotice testId="send-one-success">{sent}</SuccessNotice> : null}
      <div className="button-row">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}

/** getRandomValues works on plain http too (a phone on the cafe's LAN), unlike crypto.randomUUID. */
function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
