import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely, Migration, MigrationResultSet } from 'kysely';
import { Migrator, sql } from 'kysely';
import { CafeError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { migrations as allMigrations } from './migrations/index.js';
import { isPostgres } from './dialect.js';
import { sqliteCodeOf } from './store-errors.js';

export interface RunMigrationsOptions {
  logger: Logger;
  /** The migrations to apply; every one cafe-sms has by default. */
  migrations?: Readonly<Record<string, Migration>>;
  /** Tries when another process holds the database mid-migration. */
  attempts?: number;
  retryDelayMs?: number;
  /** 'upgrade' applies what is pending; 'check' refuses a database that has pending migrations. */
  mode?: 'upgrade' | 'check';
}

/**
 * Brings the schema up to date and answers the names of the migrations it applied. The pending
 * migrations run in one transaction (see sqlite-dialect.ts): when one fails, the whole upgrade is
 * rolled back and the failing migration is named.
 */
export async function runMigrations<DB>(db: Kysely<DB>, options: RunMigrationsOptions): Promise<string[]> {
  if (!isPostgres(db)) return migrate(db, options);
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${SCHEMA_CHANGE_LOCK})`.execute(connection);
    try {
      return await migrate(connection, options);
    } finally {
      await sql`select pg_advisory_unlock(${SCHEMA_CHANGE_LOCK})`.execute(connection);
    }
  });
}

/**
 * PostgreSQL: one schema change at a time in the whole database. Processes starting together wait
 * for the first to finish its upgrade, and kysely's look through every schema's tables never meets
 * a schema being dropped (the tests drop theirs under the same lock).
 */
export const SCHEMA_CHANGE_LOCK = 7_263_001;

async function migrate<DB>(db: Kysely<DB>, options: RunMigrationsOptions): Promise<string[]> {
  const migrations = options.migrations ?? allMigrations;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ ...migrations }) },
    // kysely looks for its bookkeeping tables in every schema unless told which: another cafe's
    // schema in the same PostgreSQL database must not count as this one's.
    ...(isPostgres(db) ? { migrationTableSchema: await currentSchema(db) } : {}),
  });
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    // Checking first keeps an up-to-date open read-only: the CLI, the worker and the server all
    // open the same file, and only the first of them after an upgrade needs the write lock.
    const pending = await pendingNames(migrator);
    if (pending.length === 0) return [];
    if (options.mode === 'check') throw olderSchema(pending);
    const outcome = await migrator.migrateToLatest();
    if (outcome.error === undefined) return applied(outcome, options.logger);
    // Two processes starting at once on a new file race for the schema; the loser sees the
    // winner's work on its next look.
    if (isBusy(outcome.error) && attempt < attempts) {
      await sleep((options.retryDelayMs ?? 50) * attempt);
      continue;
    }
    throw migrationError(outcome);
  }
}

async function currentSchema<DB>(db: Kysely<DB>): Promise<string> {
  const result = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = result.rows[0]?.schema;
  if (schema === undefined || schema === null) {
    throw new CafeError('config', 'The PostgreSQL search path names no schema to keep the tables in: add ?schema=name to DATABASE_URL', {
      input: 'DATABASE_URL',
    });
  }
  return schema;
}

async function pendingNames(migrator: Migrator): Promise<string[]> {
  const known = await migrator.getMigrations();
  return known.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
}

function olderSchema(pending: readonly string[]): CafeError {
  return new CafeError(
    'config',
    `The database's schema is older than this cafe-sms (${pending.length} upgrade${pending.length === 1 ? '' : 's'} to apply: ` +
      `${pending.join(', ')}). Run \`npx cafe-sms db migrate\` once, then start this process again.`,
    { input: 'DATABASE_URL', details: { pending: [...pending] } },
  );
}

function applied(outcome: MigrationResultSet, logger: Logger): string[] {
  const names = (outcome.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  for (const migration of names) logger.info({ migration }, 'applied database migration');
  return names;
}

function isBusy(error: unknown): boolean {
  return sqliteCodeOf(error)?.startsWith('SQLITE_BUSY') === true;
}

function migrationError(outcome: MigrationResultSet): CafeError {
  const failed = outcome.results?.find((r) => r.status === 'Error')?.migrationName;
  const reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
  const message =
    failed === undefined
      ? `Database migrations could not run: ${reason}`
      : `Database migration "${failed}" failed, so the upgrade was rolled back: ${reason}`;
  return new CafeError('internal', message, {
    cause: outcome.error,
    ...(failed === undefined ? {} : { details: { migration: failed } }),
  });
}
