import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import type pg from 'pg';
import { CafeError, isCafeError } from '../errors/index.js';
import { silentLogger, type Logger } from '../log/index.js';
import { IN_MEMORY, parseDatabaseUrl, type DatabaseLocation, type PostgresLocation, type SqliteLocation } from './database-url.js';
import type { DialectName } from './dialect.js';
import { runMigrations } from './migrate.js';
import type { Database } from './schema.js';
import { CafeSqliteDialect } from './sqlite-dialect.js';
import { withStatementCache } from './statement-cache.js';
import { createWalSync, NO_WAL_SYNC, type WalSyncOptions } from './wal-sync.js';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Absolute path of the SQLite file (or ":memory:"), or the PostgreSQL URL with its password hidden. */
  readonly path: string;
  readonly location: DatabaseLocation;
  /**
   * PostgreSQL: wakes a worker when another process queues a one-off (LISTEN/NOTIFY); answers how
   * to stop. Undefined on SQLite, where the worker looks every poll.
   */
  readonly subscribeWakeUps: ((wake: () => void) => Promise<() => Promise<void>>) | undefined;
  /** Closes the connection(s); safe to call twice. */
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  logger?: Logger;
  /** Folder a relative DATABASE_URL is read from; the working directory by default. */
  cwd?: string;
  /**
   * 'upgrade' brings the schema up to date; 'check' refuses a database whose schema is older than
   * this release (`cafe-sms db migrate` upgrades it). By default a SQLite file is upgraded (one
   * machine, one release), and a PostgreSQL database only checked: several servers and workers
   * share it, and the operator upgrades it once, with `db migrate`, when rolling out a release.
   */
  migrations?: 'upgrade' | 'check';
  /** SQLite: how commits reach the disk (tests slow the sync down or fail it). */
  walSync?: WalSyncOptions;
}

/** How long a statement waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * SQLite's own default page cache, 2,000 KiB a connection. better-sqlite3 builds SQLite with 16 MB,
 * which a worker sending a campaign filled: 114 MB peak RSS against 96 MB with 2 MB, for the same
 * time taken (100,000 recipients, 2026-12-03); the pages it no longer holds are in the operating
 * system's file cache, a read call away.
 */
const PAGE_CACHE_KIB = 2000;

/**
 * Opens (creating on first use) the database behind DATABASE_URL — a SQLite file, or PostgreSQL
 * for `postgres://…` — and brings its schema up to date. The CLI, the worker and the server each
 * open their own connection(s).
 */
export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<Store> {
  const logger = options.logger ?? silentLogger();
  const location = parseDatabaseUrl(databaseUrl, options.cwd);
  const opened =
    location.kind === 'sqlite'
      ? openSqliteStore(location, databaseUrl, logger, options.walSync)
      : await openPostgresStore(location, logger);
  try {
    if (location.kind === 'postgres') await preparePostgres(opened.db, location, databaseUrl);
    await runMigrations(opened.db, { logger, mode: options.migrations ?? (location.kind === 'postgres' ? 'check' : 'upgrade') });
  } catch (error) {
    await opened.close();
    throw isCafeError(error) ? error : cannotOpen(location, databaseUrl, error);
  }
  logger.debug({ database: opened.path }, 'opened store');
  return opened;
}

function openSqliteStore(location: SqliteLocation, databaseUrl: string, logger: Logger, walSyncOptions?: WalSyncOptions): Store {
  const sqlite = openSqlite(location.path, databaseUrl, logger);
  const walSync = location.path === IN_MEMORY ? NO_WAL_SYNC : createWalSync(`${location.path}-wal`, walSyncOptions);
  const db = new Kysely<Database>({ dialect: new CafeSqliteDialect({ database: withStatementCache(sqlite), walSync }) });
  return {
    db,
    dialect: 'sqlite',
    path: location.path,
    location,
    subscribeWakeUps: undefined,
    close: once(async () => {
      await db.destroy();
      await walSync.close();
      if (sqlite.open) sqlite.close();
    }),
  };
}

/**
 * pg and the PostgreSQL dialect are loaded only for a postgres:// URL: a SQLite cafe's commands
 * need not pay for them at start-up (docs/benchmarks.md, "What a command does not load").
 */
async function openPostgresStore(location: PostgresLocation, logger: Logger): Promise<Store> {
  const [{ createPostgresPool, CafePostgresDialect }, { listenForWork }] = await Promise.all([
    import('./postgres-dialect.js'),
    import('./notify.js'),
  ]);
  const pool: pg.Pool = createPostgresPool(location, logger);
  const db = new Kysely<Database>({ dialect: new CafePostgresDialect({ pool }) });
  // kysely's destroy ends the pool.
  return {
    db,
    dialect: 'postgres',
    path: location.display,
    location,
    subscribeWakeUps: listenForWork(location, logger),
    close: once(() => db.destroy()),
  };
}

/** The schema named in the URL is made on first use; the connection is tried once, with a clear error. */
async function preparePostgres(db: Kysely<Database>, location: PostgresLocation, databaseUrl: string): Promise<void> {
  try {
    if (location.schema === undefined) await sql`select 1`.execute(db);
    else await sql`create schema if not exists ${sql.id(location.schema)}`.execute(db);
  } catch (error) {
    throw cannotOpen(location, databaseUrl, isCafeError(error) ? error.cause : error);
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= fn());
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
    // A claim must be on disk before its request goes out, or a power cut could forget the claim of
    // a message the gateway already took, and send it again. NORMAL writes the log at COMMIT without
    // syncing it; the driver then syncs it off the event loop before the committer goes on
    // (wal-sync.ts): on disk, what FULL does, without blocking every request behind each fsync.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    sqlite.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    return sqlite;
  } catch (error) {
    if (sqlite?.open) sqlite.close();
    throw cannotOpen({ kind: 'sqlite', path: filePath }, databaseUrl, error);
  }
}

function cannotOpen(location: DatabaseLocation, databaseUrl: string, cause: unknown): CafeError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  if (location.kind === 'postgres') {
    return new CafeError(
      'config',
      `Cannot open the PostgreSQL database at ${location.display}: ${reason || 'no answer'}. Check that PostgreSQL is ` +
        'running and reachable from here, and that DATABASE_URL names a database this user may use.',
      { input: 'DATABASE_URL', cause },
    );
  }
  return new CafeError(
    'config',
    `Cannot open the database at ${location.path}: ${reason}. Check DATABASE_URL (now "${databaseUrl}"): ` +
      'it must name a SQLite file in a folder cafe-sms can write to.',
    { input: 'DATABASE_URL', cause },
  );
}
