import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CafeError } from '../errors/index.js';

export const IN_MEMORY = ':memory:';

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
      'a file: URL, or :memory:',
    { input: 'DATABASE_URL', cause },
  );
}
