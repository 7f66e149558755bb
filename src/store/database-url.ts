import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CafeError } from '../errors/index.js';

export const IN_MEMORY = ':memory:';

/** Where the data lives: a SQLite file (the default) or a PostgreSQL database. */
export type DatabaseLocation = SqliteLocation | PostgresLocation;

export interface SqliteLocation {
  readonly kind: 'sqlite';
  /** Absolute path of the file, or ":memory:". */
  readonly path: string;
}

export interface PostgresLocation {
  readonly kind: 'postgres';
  /** The connection string without our own `schema` parameter; it may hold a password. */
  readonly connectionString: string;
  /** The schema cafe-sms keeps its tables in (`?schema=`); PostgreSQL's search path when absent. */
  readonly schema: string | undefined;
  /** The location with any password replaced by ***: the only form that goes into messages and logs. */
  readonly display: string;
}

const POSTGRES_PROTOCOLS = new Set(['postgres:', 'postgresql:']);
/** A schema name we quote into SQL ourselves, so only plain identifiers. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/i;

/** Whether DATABASE_URL names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//i.test(databaseUrl.trim());
}

/**
 * Reads DATABASE_URL: `postgres://user:password@host:port/database?schema=name` selects PostgreSQL;
 * anything else is a SQLite file (see resolveDatabasePath).
 */
export function parseDatabaseUrl(databaseUrl: string, cwd: string = process.cwd()): DatabaseLocation {
  if (!isPostgresUrl(databaseUrl)) return { kind: 'sqlite', path: resolveDatabasePath(databaseUrl, cwd) };
  let url: URL;
  try {
    url = new URL(databaseUrl.trim());
  } catch (error) {
    throw badPostgresUrl('it is not a valid URL', error);
  }
  if (!POSTGRES_PROTOCOLS.has(url.protocol)) throw badPostgresUrl('it must start with postgres://');
  const schema = url.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw badPostgresUrl(`the schema "${schema}" must be letters, digits and _ (at most 63), starting with a letter or _`);
  }
  url.searchParams.delete('schema');
  return { kind: 'postgres', connectionString: url.toString(), schema, display: redactUrl(databaseUrl) };
}

/**
 * DATABASE_URL as another process of this machine opens it: a SQLite path made absolute (the
 * outbox worker's own connection, a spawned worker), a PostgreSQL URL unchanged.
 */
export function resolveDatabaseUrl(databaseUrl: string, cwd: string = process.cwd()): string {
  return isPostgresUrl(databaseUrl) ? databaseUrl.trim() : resolveDatabasePath(databaseUrl, cwd);
}

/** A URL with any password replaced by ***; text that is not a URL is hidden whole. */
function redactUrl(text: string): string {
  try {
    const url = new URL(text.trim());
    if (url.password !== '') url.password = '***';
    for (const key of [...url.searchParams.keys()]) {
      if (/pass/i.test(key)) url.searchParams.set(key, '***');
    }
    return url.toString();
  } catch {
    return '(a PostgreSQL URL that could not be read)';
  }
}

/**
 * Turns DATABASE_URL into the path better-sqlite3 opens: a plain path (relative to the working
 * directory), a `file:` path or URL, or `:memory:`. Query strings (`?mode=…`) are ignored.
 */
export function resolveDatabasePath(databaseUrl: string, cwd: string = process.cwd()): string {
  const trimmed = databaseUrl.trim();
  if (trimmed === IN_MEMORY || trimmed === `file:${IN_MEMORY}`) return IN_MEMORY;
  let filePath = trimmed;
  if (trimmed.startsWith('file://')) {
    try {
      filePath = fileURLToPath(trimmed.split('?')[0] ?? trimmed);
    } catch (error) {
      throw badUrl(databaseUrl, error);
    }
  } else if (trimmed.startsWith('file:')) {
    filePath = (trimmed.slice('file:'.length).split('?')[0] ?? '').trim();
  }
  if (filePath === '') throw badUrl(databaseUrl);
  return path.resolve(cwd, filePath);
}

function badUrl(databaseUrl: string, cause?: unknown): CafeError {
  return new CafeError(
    'config',
    `DATABASE_URL "${databaseUrl}" is not a database location: give a file path such as ./data/cafe-sms.db, ` +
      'a file: URL, :memory:, or postgres://user@host:5432/database',
    { input: 'DATABASE_URL', cause },
  );
}

/** Never repeats the URL itself: it may carry a password. */
function badPostgresUrl(reason: string, cause?: unknown): CafeError {
  return new CafeError(
    'config',
    `DATABASE_URL is not a PostgreSQL location: ${reason}. Write it as postgres://user:password@host:5432/database ` +
      '(add ?schema=name to keep the tables in a schema of their own).',
    { input: 'DATABASE_URL', cause },
  );
}
