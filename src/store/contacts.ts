import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import { isPostgres } from './dialect.js';
import { CafeError } from '../errors/index.js';
import { chunks } from './chunks.js';
import type { ContactsTable } from './contact-tables.js';
import { matchesContactFilter, type ContactFilter } from './contact-filter.js';
import type { Database } from './schema.js';
import { writeTransaction } from './write-transaction.js';

export interface Contact {
  id: number;
  phone: string;
  name: string | null;
  fields: Record<string, string>;
  /** Sorted. */
  tags: string[];
  optedOutAt: string | null;
  optOutReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export async function findContactByPhone(db: Kysely<Database>, phone: string): Promise<Contact | undefined> {
  const row = await db.selectFrom('contacts').selectAll().where('phone', '=', phone).executeTakeFirst();
  return row ? (await withTags(db, [row]))[0] : undefined;
}

export async function findContactById(db: Kysely<Database>, id: number): Promise<Contact | undefined> {
  const row = await db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await withTags(db, [row]))[0] : undefined;
}

const LOOKUPS_PER_STATEMENT = 900;

export interface ListContactsOptions extends ContactFilter {
  /** 50 by default. */
  limit?: number;
  offset?: number;
}

export interface ContactPage {
  /** How many contacts match the filter in all. */
  total: number;
  contacts: Contact[];
}

/** A page of the contacts matching the filter, oldest first. */
export async function listContacts(db: Kysely<Database>, options: ListContactsOptions = {}): Promise<ContactPage> {
  const where = matchesContactFilter(options);
  const counted = await db
    .selectFrom('contacts')
    .where(where)
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('contacts')
    .selectAll()
    .where(where)
    .orderBy('id')
    .limit(options.limit ?? 50)
    .offset(options.offset ?? 0)
    .execute();
  return { total: Number(counted.total), contacts: await withTags(db, rows) };
}

/**
 * Every contact matching the filter, in pages of `pageSize`, by id. Keyset pagination (id >
 * last id seen) keeps each page as cheap as the first however many contacts there are.
 */
export async function* iterateContacts(db: Kysely<Database>, filter: ContactFilter = {}, pageSize = 1000): AsyncGenerator<Contact[]> {
  let afterId = 0;
  for (;;) {
    const rows = await db
      .selectFrom('contacts')
      .selectAll()
      .where(matchesContactFilter(filter, afterId))
      .orderBy('id')
      .limit(pageSize)
      .execute();
    const last = rows.at(-1);
    if (last === undefined) return;
    yield await withTags(db, rows);
    afterId = last.id;
  }
}

export interface DeleteContactOptions {
  /**
   * Remove a contact that opted out too. Its opt-out goes with it: a later import or add of the
   * number would make it reachable again, so this is for a customer who asked to be erased.
   */
  forgetOptOut?: boolean;
}

/**
 * Removes a contact with its tags and consent history. Answers whether there was one. A contact
 * who opted out is kept unless `forgetOptOut`: removing it is the one way its STOP could be lost.
 */
export async function deleteContact(db: Kysely<Database>, id: number, options: DeleteContactOptions = {}): Promise<boolean> {
  return writeTransaction(db, async (trx) => {
    const contact = await trx.selectFrom('contacts').select(['phone', 'opted_out_at']).where('id', '=', id).executeTakeFirst();
    if (contact === undefined) return false;
    if (contact.opted_out_at !== null && options.forgetOptOut !== true) throw optedOutContact(contact.phone, contact.opted_out_at);
    await trx.deleteFrom('contacts').where('id', '=', id).execute();
    return true;
  });
}

function optedOutContact(phone: string, optedOutAt: string): CafeError {
  return new CafeError(
    'conflict',
    `${phone} opted out on ${optedOutAt.slice(0, 10)}; removing the contact would forget that, and a later import could message ` +
      'them again. Keep it: opted-out contacts are never messaged.',
    { input: phone, details: { optedOutAt, optedOut: true } },
  );
}

/** The custom field keys any contact has, alphabetically: what templates may use besides name and phone. */
export async function customFieldKeys(db: Kysely<Database>): Promise<string[]> {
  const keysOf = isPostgres(db) ? sql`jsonb_object_keys(contacts.fields::jsonb) as f(key)` : sql`json_each(contacts.fields) as f`;
  const result = await sql<{ key: string }>`select distinct f.key as key from contacts, ${keysOf} order by 1`.execute(db);
  return result.rows.map((row) => row.key);
}

async function withTags(db: Kysely<Database>, rows: readonly Selectable<ContactsTable>[]): Promise<Contact[]> {
  const tags = new Map<number, string[]>();
  for (const part of chunks(
    rows.map((r) => r.id),
    LOOKUPS_PER_STATEMENT,
  )) {
    const tagRows = await db
      .selectFrom('contact_tags')
      .select(['contact_id', 'tag'])
      .where('contact_id', 'in', part)
      .orderBy('contact_id')
      .orderBy('tag')
      .execute();
    for (const { contact_id, tag } of tagRows) {
      const list = tags.get(contact_id);
      if (list) list.push(tag);
      else tags.set(contact_id, [tag]);
    }
  }
  return rows.map((row) => toContact(row, tags.get(row.id) ?? []));
}

function toContact(row: Selectable<ContactsTable>, tags: string[]): Contact {
  return {
    id: row.id,
    phone: row.phone,
    name: row.name,
    fields: parseFields(row.fields),
    tags,
    optedOutAt: row.opted_out_at,
    optOutReason: row.opt_out_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Without a prototype: a field named like an Object method must read as the contact's value or nothing. */
function parseFields(json: string): Record<string, string> {
  const parsed: unknown = JSON.parse(json);
  const out = Object.create(null) as Record<string, string>;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return out;
  for (const [key, value] of Object.entries(parsed)) {
    if (value !== null && value !== undefined) out[key] = String(value);
  }
  return out;
}

/** Sets (or with null clears) a contact's name; the upsert can only set one. */
export async function setContactName(db: Kysely<Database>, id: number, name: string | null, nowIso: string): Promise<void> {
  await db.updateTable('contacts').set({ name, updated_at: nowIso }).where('id', '=', id).execute();
}

/** Marks a contact changed now (its tags changed, say). */
export async function touchContact(db: Kysely<Database>, id: number, nowIso: string): Promise<void> {
  await db.updateTable('contacts').set({ updated_at: nowIso }).where('id', '=', id).execute();
}

/** The saved contacts among these numbers, in one query: id, name and whether they opted out. */
export async function contactsByPhone(
  db: Kysely<Database>,
  phones: readonly string[],
): Promise<Map<string, { id: number; name: string | null; optedOut: boolean }>> {
  const unique = [...new Set(phones)];
  if (unique.length === 0) return new Map();
  const found = new Map<string, { id: number; name: string | null; optedOut: boolean }>();
  for (const part of chunks(unique, LOOKUPS_PER_STATEMENT)) {
    const rows = await db.selectFrom('contacts').select(['id', 'phone', 'name', 'opted_out_at']).where('phone', 'in', part).execute();
    for (const row of rows) found.set(row.phone, { id: row.id, name: row.name, optedOut: row.opted_out_at !== null });
  }
  return found;
}
