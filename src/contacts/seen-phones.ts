import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { listPlaceholders, runBulkSql, valuesPlaceholders, type Database } from '../store/index.js';

/**
 * Phones already written by this import, so a repeat in a later batch counts as merged rather
 * than updated. Kept in a temporary table (on disk, private to this connection) rather than in
 * memory, so a million-row file does not grow the heap.
 */
export interface SeenPhones {
  which(db: Kysely<Database>, phones: readonly string[]): Promise<Set<string>>;
  add(db: Kysely<Database>, phones: readonly string[]): Promise<void>;
  drop(): Promise<void>;
}

const PHONES_PER_STATEMENT = 900;

export async function createSeenPhones(db: Kysely<Database>): Promise<SeenPhones> {
  const table = `temp.import_seen_${randomBytes(6).toString('hex')}`;
  await runBulkSql(db, `create table ${table} (phone text primary key) without rowid`, []);
  return {
    async which(trx, phones) {
      const found = new Set<string>();
      for (let i = 0; i < phones.length; i += PHONES_PER_STATEMENT) {
        const part = phones.slice(i, i + PHONES_PER_STATEMENT);
        const rows = await runBulkSql<{ phone: string }>(trx, `select phone from ${table} where phone in (${listPlaceholders(part.length)})`, part);
        for (const row of rows) found.add(row.phone);
      }
      return found;
    },
    async add(trx, phones) {
      for (let i = 0; i < phones.length; i += PHONES_PER_STATEMENT) {
        const part = phones.slice(i, i + PHONES_PER_STATEMENT);
        await runBulkSql(trx, `insert or ignore into ${table} (phone) values ${valuesPlaceholders(part.length, 1)}`, part);
      }
    },
    async drop() {
      await runBulkSql(db, `drop table if exists ${table}`, []);
    },
  };
}
