import { useState, type FormEvent } from 'react';
import { ApiError, fieldError, withoutFieldError } from '../api/api-error';
import type { Contact } from '../api/types';
import { useApi } from '../session/session-context';
import { Field } from '../ui/field';
import { ErrorNotice } from '../ui/notices';
import { parseTagList } from './tag-list';

const FORM_FIELDS = ['phone', 'name', 'tags'];

export function AddContactForm({ onAdded }: { onAdded: (contact: Contact) => void }) {
  const api = useApi();
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [tags, setTags] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (phone.trim() === '') {
      setError(new ApiError(400, 'invalid_input', 'Enter the phone number, e.g. 0300 1234567 or +92 300 1234567.', 'phone'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const contact = await api.contacts.create({
        phone: phone.trim(),
        ...(name.trim() ? { name: name.trim() } : {}),
        tags: parseTagList(tags),
      });
      setPhone('');
      setName('');
      setTags('');
      onAdded(contact);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const general = error instanceof ApiError && error.field && FORM_FIELDS.includes(error.field) ? undefined : error;
  return (
    <form className="card form-grid" onSubmit={(event) => void submit(event)} noValidate aria-label="Add a contact">
      <h2>Add a contact</h2>
      <Field label="Phone" error={fieldError(error, 'phone')}>
        <input
          type="tel"
          autoComplete="off"
          inputMode="tel"
          value={phone}
          onChange={(event) => {
            setPhone(event.target.value);
            setError((current: unknown) => withoutFieldError(current, 'phone'));
          }}
          placeholder="0300 1234567"
        />
      </Field>
      <Field label="Name (optional)" error={fieldError(error, 'name')}>
        <input
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            setError((current: unknown) => withoutFieldError(current, 'name'));
          }}
          dir="auto"
        />
      </Field>
      <Field label="Tags (optional)" error={fieldError(error, 'tags')} hint="Separated by commas, e.g. regulars, walk ins, vip">
        <input
          value={tags}
          onChange={(event) => {
            setTags(event.target.value);
            setError((current: unknown) => withoutFieldError(current, 'tags'));
          }}
        />
      </Field>
      <ErrorNotice error={general} testId="add-contact-error" />
      <div className="button-row">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add contact'}
        </button>
      </div>
    </form>
  );
}
