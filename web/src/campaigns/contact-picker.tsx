import { useState } from 'react';
import type { Contact } from '../api/types';
import { useApi } from '../session/session-context';
import { ErrorNotice } from '../ui/notices';
import { useDebouncedValue } from '../ui/use-debounced-value';
import { useQuery } from '../ui/use-query';
import { phoneForStaff } from '../../../src/sms/phone-for-staff.js';

/** Finds a real contact to preview the message for. */
export function ContactPicker({ picked, onPick }: { picked: Contact | null; onPick: (contact: Contact | null) => void }) {
  const api = useApi();
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search.trim(), 300);
  const matches = useQuery((signal) => api.contacts.list({ search: debounced, limit: 6 }, signal), [api, debounced], {
    skip: debounced === '' || picked !== null,
  });

  if (picked) {
    return (
      <div className="picked-contact" data-testid="picked-contact">
        <span>
          Previewing for{' '}
          <strong>
            <bdi>{picked.name || 'unnamed contact'}</bdi>
          </strong>{' '}
          <span className="phone">{phoneForStaff(picked.phone)}</span>
        </span>
        <button type="button" className="button-link" onClick={() => onPick(null)}>
          Choose another
        </button>
      </div>
    );
  }
  return (
    <div className="contact-picker">
      <label htmlFor="preview-contact-search">Preview for contact</label>
      <input
        id="preview-contact-search"
        type="search"
        placeholder="Name or phone"
        autoComplete="off"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <ErrorNotice error={matches.error} />
      {debounced !== '' && matches.data ? (
        matches.data.items.length === 0 ? (
          <p className="muted small">No contact matches “{debounced}”.</p>
        ) : (
          <ul className="picker-results" aria-label="Matching contacts">
            {matches.data.items.map((contact) => (
              <li key={contact.id}>
                <button type="button" className="button-link" onClick={() => onPick(contact)}>
                  <bdi>{contact.name || 'Unnamed'}</bdi> <span className="phone">{phoneForStaff(contact.phone)}</span>
                  {contact.optedOut ? <span className="badge badge-opted-out">Opted out</span> : null}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}
