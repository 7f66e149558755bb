import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { CafeError, isCafeError } from '../errors/index.js';
import { silentLogger, type Logger } from '../log/index.js';
import { IN_MEMORY, resolveDatabasePath } from './database-url.js';
import { runMigrations } from './migrate.js';
import type { Database } from './schema.js';
import { CafeSqliteDialect } from './sqlite-dialect.js';
import { withStatementCache } from './statement-cache.js';

export interface Store {
  readonly db: Kysely<Database>;
  /** Absolute path of the database file, or ":memory:". */
  readonly path: string;
  /** Closes the connection; safe to call twice. */
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  logger?: Logger;
  /** Folder a relative DATABASE_URL is read from; the working directory by default. */
  cwd?: string;
}

/** How long a statement waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating on first use) the SQLite database behind DATABASE_URL and brings its schema up
 * to date. The CLI, the worker and the server each open their own connection to the same file.
 */
export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<Store> {
  const logger = options.logger ?? silentLogger();
  const filePath = resolveDatabasePath(databaseUrl, options.cwd);
  const sqlite = openSqlite(filePath, databaseUrl, logger);
  const db = new Kysely<Database>({ dialect: new CafeSqliteDialect({ database: withStatementCache(sqlite) }) });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await db.destroy();
    if (sqlite.open) sqlite.close();
  };
  try {
    await runMigrations(db, { logger });
  } catch (error) {
    await close();
    throw isCafeError(error) ? error : cannotOpen(filePath, databaseUrl, error);
  }
  logger.debug({ path: filePath }, 'opened store');
  return { db, path: filePath, close };
}

function openSqlite(filePath: string, databaseUrl: string, logger: Logger): BetterSqlite3.Database {
  let sqlite: BetterSqlite3.Database | undefined;
  try {
    if (filePath !== IN_MEMORY) mkdirSync(path.dirname(filePath), { recursive: true });
    sqlite = new BetterSqlite3(filePath, { timeout: BUSY_TIMEOUT_MS });
    const mode = sqlite.pragma('journal_mode = WAL', { simple: true });
    if (filePath !== IN_MEMORY && mode !== 'wal') {
      logger.warn({ path: filePath, journalMode: mode }, 'database is not in WAL mode: readers and writers will block each other');
    }
    // FULL: a claim must be on disk before its request goes out, or a power cut could forget the
    // claim of a message the gateway already took, and send it again. One fsync per commit is cheap
    // next to a gateway call.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return sqlite;
  } catch (error) {
    if (sqlite?.open) sqlite.close();
    throw cannotOpen(filePath, databaseUrl, error);
  }
}

function cannotOpen(filePath: string, databaseUrl: string, cause: unknown): CafeError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new CafeError(
    'config',
    `Cannot open the database at ${filePath}: ${reason}. Check DATABASE_URL (now "${databaseUrl}"): ` +
      'it must name a SQLite file in a folder cafe-sms can write to.',
    { input: 'DATABASE_URL', cause },
  );
}
