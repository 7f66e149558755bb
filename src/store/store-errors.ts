import { CafeError } from '../errors/index.js';

/** SQLite's extended result code (SQLITE_BUSY_SNAPSHOT, SQLITE_CONSTRAINT_UNIQUE …) of a driver error. */
export function sqliteCodeOf(error: unknown): string | undefined {
  if (error instanceof CafeError) return sqliteCodeOf(error.cause);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** PostgreSQL's SQLSTATE (23505 unique_violation, 40P01 deadlock …) of a driver error. */
export function postgresCodeOf(error: unknown): string | undefined {
  if (error instanceof CafeError) return postgresCodeOf(error.cause);
  const candidate = error as { code?: unknown; severity?: unknown } | null;
  const code = candidate?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof candidate?.severity === 'string' ? code : undefined;
}

/** A uniqueness violation on either database, whether the driver's error or the store's CafeError wrapping it. */
export function isUniqueViolation(error: unknown): boolean {
  const sqliteCode = sqliteCodeOf(error);
  if (sqliteCode !== undefined) return sqliteCode === 'SQLITE_CONSTRAINT_UNIQUE' || sqliteCode === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  const postgresCode = postgresCodeOf(error);
  return postgresCode !== undefined && POSTGRES_CONFLICTS.has(postgresCode);
}

/** SQLSTATEs that mean "this row already exists". */
const POSTGRES_CONFLICTS = new Set(['23505']);

/**
 * Every failure of a statement leaves the store as a CafeError: a uniqueness or primary-key
 * violation is a `conflict` (an API answers 409), anything else is `internal`. The database's own
 * code stays in `details` (`sqliteCode` or `postgresCode`) and the original error in `cause`.
 */
export function toStoreError(error: unknown): CafeError {
  if (error instanceof CafeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const sqliteCode = sqliteCodeOf(error);
  if (sqliteCode !== undefined) {
    const conflict = sqliteCode === 'SQLITE_CONSTRAINT_UNIQUE' || sqliteCode === 'SQLITE_CONSTRAINT_PRIMARYKEY';
    return new CafeError(conflict ? 'conflict' : 'internal', `Database error (${sqliteCode}): ${message}`, {
      cause: error,
      details: { sqliteCode },
    });
  }
  const postgresCode = postgresCodeOf(error);
  if (postgresCode !== undefined) {
    return new CafeError(POSTGRES_CONFLICTS.has(postgresCode) ? 'conflict' : 'internal', `Database error (${postgresCode}): ${message}`, {
      cause: error,
      details: { postgresCode },
    });
  }
  return new CafeError('internal', `Database error: ${message}`, { cause: error });
}
