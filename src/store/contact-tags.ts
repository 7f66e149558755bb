import type { Kysely } from 'kysely';
import { runBulkSql, valuesPlaceholders } from './bulk-sql.js';
import { chunks } from './chunks.js';
import { normalizeTags } from './contact-input.js';
import type { Database } from './schema.js';

const TAG_ROWS_PER_STATEMENT = 2000;

/** Adds (contact, tag) pairs, ignoring those already there. Tags must be normalised. */
export async function insertTagRows(db: Kysely<Database>, rows: readonly { contact_id: number; tag: string }[]): Promise<void> {
  for (const part of chunks(rows, TAG_ROWS_PER_STATEMENT)) {
    await runBulkSql(
      db,
      `insert into contact_tags (contact_id, tag) values ${valuesPlaceholders(part.length, 2)} on conflict do nothing`,
      part.flatMap((row) => [row.contact_id, row.tag]),
    );
  }
}

export async function addTags(db: Kysely<Database>, contactId: number, tags: readonly string[]): Promise<void> {
  await insertTagRows(
    db,
    normalizeTags(tags).map((tag) => ({ contact_id: contactId, tag })),
  );
}

export async function removeTags(db: Kysely<Database>, contactId: number, tags: readonly string[]): Promise<void> {
  const normalized = normalizeTags(tags);
  if (normalized.length === 0) return;
  await db.deleteFrom('contact_tags').where('contact_id', '=', contactId).where('tag', 'in', normalized).execute();
}

export interface TagCount {
  tag: string;
  contacts: number;
}

/** Every tag in use with how many contacts carry it, alphabetically. */
export async function listTags(db: Kysely<Database>): Promise<TagCount[]> {
  const rows = await db
    .selectFrom('contact_tags')
    .select(['tag', (eb) => eb.fn.countAll<number>().as('contacts')])
    .groupBy('tag')
    .orderBy('tag')
    .execute();
  return rows.map((row) => ({ tag: row.tag, contacts: Number(row.contacts) }));
}
