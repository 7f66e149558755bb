import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

/** Sets (or with null clears) a contact's name; the store's upsert can only set one. */
export async function setContactName(db: Kysely<Database>, id: number, name: string | null, nowIso: string): Promise<void> {
  await db.updateTable('contacts').set({ name, updated_at: nowIso }).where('id', '=', id).execute();
}

export async function touchContact(db: Kysely<Database>, id: number, nowIso: string): Promise<void> {
  await db.updateTable('contacts').set({ updated_at: nowIso }).where('id', '=', id).execute();
}
