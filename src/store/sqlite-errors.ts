import { CafeError } from '../errors/index.js';

/** SQLite's extended result code (SQLITE_BUSY_SNAPSHOT, SQLITE_CONSTRAINT_UNIQUE …) of a driver error. */
export function sqliteCodeOf(error: unknown): string | undefined {
  if (error instanceof CafeError) return sqliteCodeOf(error.cause);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * Every failure of a statement leaves the store as a CafeError: a uniqueness or primary-key
 * violation is a `conflict` (an API answers 409), anything else is `internal`. SQLite's code stays
 * in `details.sqliteCode` and the original error in `cause`.
 */
export function toStoreError(error: unknown): CafeError {
  if (error instanceof CafeError) return error;
  const sqliteCode = sqliteCodeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (sqliteCode === undefined) return new CafeError('internal', `Database error: ${message}`, { cause: error });
  const conflict = sqliteCode === 'SQLITE_CONSTRAINT_UNIQUE' || sqliteCode === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  return new CafeError(conflict ? 'conflict' : 'internal', `Database error (${sqliteCode}): ${message}`, {
    cause: error,
    details: { sqliteCode },
  });
}
