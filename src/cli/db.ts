// A command's module, loaded only when it runs (see commands/db.ts, which declares it).
import { existsSync } from 'node:fs';
import { CafeError, isCafeError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { copyDatabase, type CopyReport, IN_MEMORY, isPostgresUrl, openStore, resolveDatabasePath, type Store } from '../store/index.js';
import type { CliContext } from './context.js';
import { printResult, type OutputOptions } from './output.js';
import { formatTable } from './table.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// ---- migrate ----------------------------------------------------------------------------------

interface MigrateResult {
  database: string;
  applied: string[];
}

export async function migrateCommand(context: CliContext, flags: OutputOptions): Promise<void> {
  const result = await migrate(context.config().databaseUrl, context.logger());
  printResult(flags, result, () =>
    result.applied.length === 0
      ? ['The database is up to date.']
      : [`Applied ${plural(result.applied.length, 'migration')} to ${result.database}:`, ...result.applied.map((name) => `  ${name}`)],
  );
}

/**
 * openStore does not say what it applied, so the database is first opened in 'check'
 * mode, which names what is pending (or opens it unchanged when nothing is), then upgraded.
 */
async function migrate(databaseUrl: string, logger: Logger): Promise<MigrateResult> {
  const pending = await pendingMigrations(databaseUrl, logger);
  const store = await openStore(databaseUrl, { logger, migrations: 'upgrade' });
  await store.close();
  return { database: store.path, applied: pending };
}

/** What 'check' mode refuses the database for; an unreachable database fails here, as any command would. */
async function pendingMigrations(databaseUrl: string, logger: Logger): Promise<string[]> {
  try {
    await (await openStore(databaseUrl, { logger, migrations: 'check' })).close();
    return [];
  } catch (error) {
    const pending = isCafeError(error) ? error.details?.['pending'] : undefined;
    if (!Array.isArray(pending)) throw error;
    return pending.map(String);
  }
}

// ---- copy -------------------------------------------------------------------------------------

export interface CopyFlags extends OutputOptions {
  from: string;
  to: string;
}

export async function copyCommand(context: CliContext, flags: CopyFlags): Promise<void> {
  assertSourceExists(flags.from);
  const logger = context.logger();
  const report = await withOpened('--from', flags.from, logger, (from) =>
    withOpened('--to', flags.to, logger, (to) =>
      copyDatabase(from, to, { onTable: (table, rows) => logger.info({ table, rows }, 'copied table') }),
    ),
  );
  printResult(flags, report, () => copyLines(report));
}

/** A mistyped SQLite path would otherwise be created, empty, and "copied". */
function assertSourceExists(from: string): void {
  if (isPostgresUrl(from)) return;
  const file = resolveDatabasePath(from);
  if (file === IN_MEMORY || !existsSync(file)) {
    throw new CafeError('invalid_input', `--from: there is no database file at ${file}. Give the path of the SQLite file to copy.`, {
      input: '--from',
    });
  }
}

/** Opens one side of the copy, naming which side a failure is about, and always closes it. */
async function withOpened<T>(flag: string, databaseUrl: string, logger: Logger, work: (store: Store) => Promise<T>): Promise<T> {
  // Both sides are brought up to date: the copy writes (and reads) this release's tables.
  const store = await openStore(databaseUrl, { logger, migrations: 'upgrade' }).catch((error: unknown) => {
    // openStore's messages hide any password; they only need saying which side they are about.
    throw isCafeError(error)
      ? new CafeError(error.code, `${flag}: ${error.message}`, { input: flag, details: error.details, cause: error })
      : error;
  });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function copyLines(report: CopyReport): string[] {
  const total = report.tables.reduce((sum, table) => sum + table.rows, 0);
  return [
    `Copied ${plural(total, 'row')} from ${report.from} to ${report.to}; every table's count was checked afterwards.`,
    '',
    ...formatTable(
      ['TABLE', 'ROWS'],
      report.tables.map((table) => [table.table, String(table.rows)]),
    ).map((line) => `  ${line}`),
    '',
    `Not copied: ${report.skipped.join(', ')} (everyone signs in again; workers start afresh).`,
    'Point DATABASE_URL at the new database, then start the worker and the server again.',
  ];
}
