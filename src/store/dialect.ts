import type { Kysely } from 'kysely';
import { PostgresAdapter } from 'kysely';

/** The two databases cafe-sms runs on: SQLite (the embedded default) and PostgreSQL. */
export type DialectName = 'sqlite' | 'postgres';

/**
 * Which database `db` (or the transaction it is) talks to. Queries are written once where kysely
 * can express them; the few places where the databases really differ ask this.
 */
export function dialectOf(db: Pick<Kysely<unknown>, 'getExecutor'>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export function isPostgres(db: Pick<Kysely<unknown>, 'getExecutor'>): boolean {
  return dialectOf(db) === 'postgres';
}
