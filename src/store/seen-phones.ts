import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { listPlaceholders, runBulkSql, valuesPlaceholders } from './bulk-sql.js';
import { isPostgres } from './dialect.js';
import type { Database } from './schema.js';

/**
 * Phones already written by one import, so a repeat in a later batch counts as merged rather than
 * updated. Kept in a table of its own rather than in memory, so a million-row file does not grow
 * the heap: on SQLite a temporary table (private to the one connection); on PostgreSQL, whose
 * temporary tables belong to one connection of the pool, an unlogged table dropped at the end.
 */
export interface SeenPhones {
  which(db: Kysely<Database>, phones: readonly string[]): Promise<Set<string>>;
  add(db: Kysely<Database>, phones: readonly string[]): Promise<void>;
  drop(): Promise<void>;
}

const PHONES_PER_STATEMENT = 900;

export async function createSeenPhones(db: Kysely<Database>): Promise<SeenPhones> {
  const name = `import_seen_${randomBytes(6).toString('hex')}`;
  const table = isPostgres(db) ? name : `temp.${name}`;
  const create = isPostgres(db)
    ? `create unlogged table ${table} (phone text primary key)`
    : `create table ${table} (phone text primary key) without rowid`;
  await runBulkSql(db, create, []);
  return {
    async which(trx, phones) {
      const found = new Set<string>();
      for (let i = 0; i < phones.length; i += PHONES_PER_STATEMENT) {
        const part = phones.slice(i, i + PHONES_PER_STATEMENT);
        const rows = await runBulkSql<{ phone: string }>(
          trx,
          `select phone from ${table} where phone in (${listPlaceholders(part.length)})`,
          part,
        );
        for (const row of rows) found.add(row.phone);
      }
      return found;
    },
    async add(trx, phones) {
      for (let i = 0; i < phones.length; i += PHONES_PER_STATEMENT) {
        const part = phones.slice(i, i + PHONES_PER_STATEMENT);
        await runBulkSql(trx, `insert into ${table} (phone) values ${valuesPlaceholders(part.length, 1)} on conflict do nothing`, part);
      }
    },
    async drop() {
      await runBulkSql(db, `drop table if exists ${table}`, []);
    },
  };
}
