import { useState, type FormEvent } from 'react';
import { ApiError, fieldError } from '../api/api-error';
import { useApi } from '../session/session-context';
import { Field } from '../ui/field';
import { ErrorNotice } from '../ui/notices';

/** Saves a sender who is not a contact yet, under the name staff know them by. */
export function SaveContactForm({ phone, onSaved }: { phone: string; onSaved: () => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === '') {
      setError(new ApiError(400, 'invalid_input', 'Write the customer’s name.', 'name'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await api.contacts.create({ phone, name: name.trim() });
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="inline-form save-contact" onSubmit={(event) => void submit(event)} noValidate aria-label="Save as a contact">
      <Field label="Not a saved contact: their name" error={fieldError(error, 'name')}>
        <input
          value={name}
          dir="auto"
          autoComplete="off"
          onChange={(event) => {
            setName(event.target.value);
            setError(undefined);
          }}
        />
      </Field>
      <button type="submit" className="button-secondary" disabled={busy}>
        {busy ? 'Saving…' : 'Save contact'}
      </button>
      <ErrorNotice error={fieldError(error, 'name') ? undefined : error} />
    </form>
  );
}
