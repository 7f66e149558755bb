import { useState } from 'react';
import type { ContactQuery } from '../api/cafe-api';
import { useApi } from '../session/session-context';
import { formatCount } from '../ui/format';
import { EmptyState, ErrorNotice, Loading } from '../ui/notices';
import { Pager } from '../ui/pager';
import { useDebouncedValue } from '../ui/use-debounced-value';
import { useQuery } from '../ui/use-query';
import { AddContactForm } from './add-contact-form';
import { ContactRow } from './contact-row';
import { ImportPanel } from './import-panel';

const PAGE_SIZE = 50;
type OptOutFilter = 'all' | 'subscribed' | 'opted-out';

export function ContactsPage() {
  const api = useApi();
  const [search, setSearch] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [optOut, setOptOut] = useState<OptOutFilter>('all');
  const [offset, setOffset] = useState(0);
  const [panel, setPanel] = useState<'none' | 'add' | 'import'>('none');
  const debouncedSearch = useDebouncedValue(search.trim(), 300);

  const query: ContactQuery = {
    search: debouncedSearch,
    tags,
    limit: PAGE_SIZE,
    offset,
    ...(optOut === 'all' ? {} : { optedOut: optOut === 'opted-out' }),
  };
  const contacts = useQuery((signal) => api.contacts.list(query, signal), [api, debouncedSearch, tags.join('\u0000'), optOut, offset]);
  const tagCounts = useQuery(() => api.tags(), [api]);

  function refresh() {
    contacts.reload();
    tagCounts.reload();
  }

  function changeFilter(apply: () => void) {
    apply();
    setOffset(0);
  }

  return (
    <section aria-labelledby="contacts-title">
      <div className="page-head">
        <h1 id="contacts-title">Contacts</h1>
        <div className="button-row">
          <button
            type="button"
            className="button-secondary"
            aria-expanded={panel === 'add'}
            onClick={() => setPanel(panel === 'add' ? 'none' : 'add')}
          >
            Add contact
          </button>
          <button
            type="button"
            className="button-secondary"
            aria-expanded={panel === 'import'}
            onClick={() => setPanel(panel === 'import' ? 'none' : 'import')}
          >
            Import CSV
          </button>
          <a
            className="button button-secondary"
            href={api.contacts.exportUrl(tags)}
            download={tags.length === 0 ? 'contacts.csv' : `contacts-${tags.join('-')}.csv`}
            title={tags.length === 0 ? 'Every contact' : `Contacts tagged ${tags.map((tag) => `#${tag}`).join(' or ')}`}
            data-testid="export-csv"
          >
            {tags.length === 0 ? 'Export CSV' : 'Export CSV (filtered by tag)'}
          </a>
        </div>
      </div>

      {panel === 'add' ? <AddContactForm onAdded={refresh} /> : null}
      {panel === 'import' ? <ImportPanel onImported={refresh} /> : null}

      <div className="filters" role="search" aria-label="Filter contacts">
        <div className="field">
          <label htmlFor="contacts-search">Search</label>
          <input
            id="contacts-search"
            type="search"
            placeholder="Name or phone"
            value={search}
            onChange={(event) => changeFilter(() => setSearch(event.target.value))}
          />
        </div>
        <div className="field">
          <label htmlFor="contacts-opt-out">Status</label>
          <select
            id="contacts-opt-out"
            value={optOut}
            onChange={(event) => changeFilter(() => setOptOut(event.target.value as OptOutFilter))}
          >
            <option value="all">All</option>
            <option value="subscribed">Subscribed</option>
            <option value="opted-out">Opted out</option>
          </select>
        </div>
        {tagCounts.data && tagCounts.data.length > 0 ? (
          <div className="tag-filter" role="group" aria-label="Tags (any of)">
            <span className="filter-label">Tags</span>
            {tagCounts.data.map(({ tag, count }) => {
              const on = tags.includes(tag);
              return (
                <button
                  key={tag}
                  type="button"
                  className={`chip${on ? ' chip-on' : ''}`}
                  aria-pressed={on}
                  onClick={() => changeFilter(() => setTags(on ? tags.filter((item) => item !== tag) : [...tags, tag]))}
                >
                  #{tag} <span className="chip-count">{formatCount(count)}</span>
                </button>
              );
            })}
          </div>
        ) : null}
      </div>

      {contacts.loading ? <Loading /> : null}
      <ErrorNotice error={contacts.error} />
      {contacts.data ? (
        contacts.data.items.length === 0 ? (
          <EmptyState>
            {debouncedSearch || tags.length || optOut !== 'all'
              ? 'No contact matches these filters.'
              : 'No contacts yet: add one or import a CSV.'}
          </EmptyState>
        ) : (
          <>
            <div className="table-wrap">
              <table className="table table-cards" data-testid="contacts-table">
                <thead>
                  <tr>
                    <th scope="col">Phone</th>
                    <th scope="col">Name</th>
                    <th scope="col">Tags</th>
                    <th scope="col">Status</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {contacts.data.items.map((contact) => (
                    <ContactRow key={contact.id} contact={contact} onChanged={refresh} />
                  ))}
                </tbody>
              </table>
            </div>
            <Pager label="Contacts" offset={offset} limit={PAGE_SIZE} total={contacts.data.total} onChange={setOffset} />
          </>
        )
      ) : null}
    </section>
  );
}
