import type { ColumnType, Generated } from 'kysely';

/** Times are ISO-8601 UTC text (2024-05-01T09:30:00.000Z): they sort and compare as strings. */
type Timestamp = string;

/** Set once on insert, never updated. */
type CreatedAt = ColumnType<Timestamp, Timestamp | undefined, never>;

export interface ContactsTable {
  id: Generated<number>;
  /** Normalised as the gateway writes it: country code and digits, no "+" (923001234567). */
  phone: string;
  name: string | null;
  /** JSON object of custom fields, string to string, keys in snake_case. */
  fields: ColumnType<string, string | undefined, string>;
  /** Set while the contact has opted out; every change is also a row in consent_events. */
  opted_out_at: Timestamp | null;
  opt_out_reason: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Timestamp, Timestamp | undefined, Timestamp>;
}

export interface ContactTagsTable {
  contact_id: number;
  /** Lower-cased and trimmed. */
  tag: string;
}

export const CONSENT_CHANGES = ['opt_out', 'opt_in'] as const;
export type ConsentChange = (typeof CONSENT_CHANGES)[number];

export const CONSENT_SOURCES = ['cli', 'api', 'dashboard', 'inbound', 'import'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** The audit trail of consent: one row per opt-out or opt-in that changed anything. */
export interface ConsentEventsTable {
  id: Generated<number>;
  contact_id: number;
  change: ConsentChange;
  source: ConsentSource;
  reason: string | null;
  /** Who did it: the signed-in user's name or the API key's; null for a customer's reply, an import or the CLI. */
  actor: ColumnType<string | null, string | null | undefined, never>;
  created_at: CreatedAt;
}

export interface ContactTables {
  contacts: ContactsTable;
  contact_tags: ContactTagsTable;
  consent_events: ConsentEventsTable;
}
