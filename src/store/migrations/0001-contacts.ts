import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { addIdColumn, jsonCheck, nowIsoDefault, withoutRowid } from './portable.js';

/** Contacts, their tags and the audit trail of their consent. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const NOW = nowIsoDefault(db);
  await addIdColumn(db, db.schema.createTable('contacts'))
    .addColumn('phone', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text')
    .addColumn('fields', 'text', (c) => jsonCheck(db, 'fields')(c.notNull().defaultTo('{}')))
    .addColumn('opted_out_at', 'text')
    .addColumn('opt_out_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(NOW))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(NOW))
    .execute();

  // Without rowid the primary key is the table, and the tag index below carries contact_id with
  // it, so "contacts having any of these tags" is answered from the index alone.
  await withoutRowid(
    db,
    db.schema
      .createTable('contact_tags')
      .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
      .addColumn('tag', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('contact_tags_pk', ['contact_id', 'tag']),
  ).execute();
  await db.schema.createIndex('contact_tags_tag').on('contact_tags').column('tag').execute();

  await addIdColumn(db, db.schema.createTable('consent_events'))
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('change', 'text', (c) => c.notNull().check(sql`change in ('opt_out', 'opt_in')`))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(NOW))
    .execute();
  await db.schema.createIndex('consent_events_contact').on('consent_events').columns(['contact_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['consent_events', 'contact_tags', 'contacts']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
