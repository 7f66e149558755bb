import { useState, type FormEvent } from 'react';
import { ApiError, fieldError } from '../api/api-error';
import type { InboundMessage } from '../api/types';
import { useApi } from '../session/session-context';
import { Field } from '../ui/field';
import { ErrorNotice, SuccessNotice } from '../ui/notices';
import { phoneForStaff } from '../../../src/sms/phone-for-staff.js';

/** Sandbox only: pretend a customer texted the cafe, e.g. STOP, to watch the opt-out happen. */
export function SimulateReplyForm({ onInjected }: { onInjected: () => void }) {
  const api = useApi();
  const [phone, setPhone] = useState('');
  const [message, setMessage] = useState('STOP');
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (phone.trim() === '') {
      setError(new ApiError(400, 'invalid_input', 'Enter the customer’s phone number.', 'phone'));
      return;
    }
    setBusy(true);
    setError(undefined);
    setDone(null);
    try {
      const received = await api.sandbox.injectInbound(phone.trim(), message);
      setDone(`Received “${received.body}” from ${phoneForStaff(received.phone)}${outcome(received.action)}.`);
      onInjected();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const general = error instanceof ApiError && (error.field === 'phone' || error.field === 'message') ? undefined : error;
  return (
    <form className="card sandbox-card" onSubmit={(event) => void submit(event)} noValidate aria-label="Simulate a customer reply">
      <h2>Simulate a customer reply</h2>
      <p className="muted small">Sandbox only: try STOP or START from a contact’s number.</p>
      <div className="form-grid">
        <Field label="From phone" error={fieldError(error, 'phone')}>
          <input type="tel" inputMode="tel" value={phone} onChange={(event) => setPhone(event.target.value)} placeholder="0300 1234567" />
        </Field>
        <Field label="Message" error={fieldError(error, 'message')}>
          <input value={message} dir="auto" onChange={(event) => setMessage(event.target.value)} />
        </Field>
      </div>
      <ErrorNotice error={general} testId="simulate-error" />
      {done ? <SuccessNotice testId="simulate-success">{done}</SuccessNotice> : null}
      <div className="button-row">
        <button type="submit" className="button-secondary" disabled={busy}>
          {busy ? 'Sending…' : 'Simulate reply'}
        </button>
      </div>
    </form>
  );
}

function outcome(action: InboundMessage['action']): string {
  if (action === 'opt_out') return ': the customer is now opted out';
  if (action === 'opt_in') return ': the customer is opted in again';
  return '';
}
