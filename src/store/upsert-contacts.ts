import type { Kysely, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import { CafeError } from '../errors/index.js';
import { listPlaceholders, runBulkSql, valuesPlaceholders } from './bulk-sql.js';
import { chunks } from './chunks.js';
import { assertNormalisedPhone, cleanName, mergeByPhone, normalizeTags, type ContactInput } from './contact-input.js';
import { insertTagRows } from './contact-tags.js';
import type { Database } from './schema.js';
import { isPostgres } from './dialect.js';
import { writeTransaction } from './write-transaction.js';

export interface UpsertedContact {
  id: number;
  phone: string;
  /** false when a contact with this phone was already there and got updated. */
  created: boolean;
}

export interface WriteOptions {
  now?: Date;
}

const UPSERT_ROWS_PER_STATEMENT = 500;
const LOOKUPS_PER_STATEMENT = 900;

/**
 * Creates or updates contacts by phone, in one transaction. Inputs with the same phone are merged
 * first (later non-empty values win, tags unioned). Opt-out state is never touched. Answers one
 * entry per distinct phone, in first-seen order.
 */
export async function upsertContacts(
  db: Kysely<Database>,
  inputs: readonly ContactInput[],
  options: WriteOptions = {},
): Promise<UpsertedContact[]> {
  const merged = [...mergeByPhone(inputs).values()];
  if (merged.length === 0) return [];
  for (const input of merged) assertNormalisedPhone(input.phone);
  const now = (options.now ?? new Date()).toISOString();
  return writeTransaction(db, async (trx) => {
    const existing = await existingPhones(
      trx,
      merged.map((c) => c.phone),
    );
    const ids = await writeContactRows(trx, merged, now);
    await removeFields(trx, merged, ids);
    await insertTagRows(
      trx,
      merged.flatMap((c) => normalizeTags(c.tags ?? []).map((tag) => ({ contact_id: idOf(ids, c.phone), tag }))),
    );
    return merged.map((c) => ({ id: idOf(ids, c.phone), phone: c.phone, created: !existing.has(c.phone) }));
  });
}

async function existingPhones(db: Kysely<Database>, phones: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(phones, LOOKUPS_PER_STATEMENT)) {
    const rows = await runBulkSql<{ phone: string }>(
      db,
      `select phone from contacts where phone in (${listPlaceholders(part.length)})`,
      part,
    );
    for (const row of rows) found.add(row.phone);
  }
  return found;
}

/**
 * Non-empty values replace stored ones; fields merge key by key (SQLite's json_patch, PostgreSQL's
 * jsonb `||`: the same for the flat objects fields are); opt-out columns are left alone.
 */
function upsertConflict(db: Kysely<Database>): string {
  const mergedFields = isPostgres(db)
    ? '(contacts.fields::jsonb || excluded.fields::jsonb)::text'
    : 'json_patch(contacts.fields, excluded.fields)';
  return `on conflict (phone) do update set
  name = coalesce(excluded.name, contacts.name),
  fields = ${mergedFields},
  updated_at = excluded.updated_at
returning id, phone`;
}

async function writeContactRows(db: Kysely<Database>, inputs: readonly ContactInput[], now: string): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const part of chunks(inputs, UPSERT_ROWS_PER_STATEMENT)) {
    const parameters = part.flatMap((c) => [c.phone, cleanName(c.name), JSON.stringify(fieldsToSet(c)), now, now]);
    const rows = await runBulkSql<{ id: number; phone: string }>(
      db,
      'insert into contacts (phone, name, fields, created_at, updated_at) ' +
        `values ${valuesPlaceholders(part.length, 5)} ${upsertConflict(db)}`,
      parameters,
    );
    for (const row of rows) ids.set(row.phone, row.id);
  }
  return ids;
}

function fieldsToSet(input: ContactInput): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(input.fields ?? {})) {
    const trimmed = value?.trim();
    if (trimmed) out[key] = trimmed;
  }
  return out;
}

/** A null field value means "remove it"; rare (the CLI's `--field key=`), so one statement each. */
async function removeFields(db: Kysely<Database>, inputs: readonly ContactInput[], ids: Map<string, number>): Promise<void> {
  for (const input of inputs) {
    const keys = Object.entries(input.fields ?? {})
      .filter(([, value]) => value === null)
      .map(([key]) => key);
    if (keys.length === 0) continue;
    await db
      .updateTable('contacts')
      .set({ fields: withoutKeys(db, keys) })
      .where('id', '=', idOf(ids, input.phone))
      .execute();
  }
}

function withoutKeys(db: Kysely<Database>, keys: readonly string[]): RawBuilder<string> {
  if (isPostgres(db)) return sql<string>`(fields::jsonb - ${sql.val([...keys])}::text[])::text`;
  const paths = keys.map((key) => `$."${key.replace(/"/g, '')}"`);
  return sql<string>`json_remove(fields, ${sql.join(paths)})`;
}

function idOf(ids: Map<string, number>, phone: string): number {
  const id = ids.get(phone);
  if (id === undefined) throw new CafeError('internal', `Contact ${phone} was written but its id did not come back`);
  return id;
}
