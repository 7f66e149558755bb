import { setTimeout as sleep } from 'node:timers/promises';
import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import { CafeError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { migrations as allMigrations } from './migrations/index.js';
import { sqliteCodeOf } from './sqlite-errors.js';

export interface RunMigrationsOptions {
  logger: Logger;
  /** The migrations to apply; every one cafe-sms has by default. */
  migrations?: Readonly<Record<string, Migration>>;
  /** Tries when another process holds the database mid-migration. */
  attempts?: number;
  retryDelayMs?: number;
}

/**
 * Brings the schema up to date and answers the names of the migrations it applied. The pending
 * migrations run in one transaction (see sqlite-dialect.ts): when one fails, the whole upgrade is
 * rolled back and the failing migration is named.
 */
export async function runMigrations<DB>(db: Kysely<DB>, options: RunMigrationsOptions): Promise<string[]> {
  const migrations = options.migrations ?? allMigrations;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...migrations }) } });
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    // Checking first keeps an up-to-date open read-only: the CLI, the worker and the server all
    // open the same file, and only the first of them after an upgrade needs the write lock.
    if (!(await hasPending(migrator))) return [];
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

async function hasPending(migrator: Migrator): Promise<boolean> {
  const known = await migrator.getMigrations();
  return known.some((migration) => migration.executedAt === undefined);
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
