import { describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { sqliteCodeOf, toStoreError } from './store-errors.js';

const sqliteError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('toStoreError', () => {
  it.each([
    ['SQLITE_CONSTRAINT_UNIQUE', 'conflict'],
    ['SQLITE_CONSTRAINT_PRIMARYKEY', 'conflict'],
    ['SQLITE_CONSTRAINT_FOREIGNKEY', 'internal'],
    ['SQLITE_BUSY', 'internal'],
    ['SQLITE_FULL', 'internal'],
  ])('maps %s to %s, keeping the code and the cause', (code, expected) => {
    const cause = sqliteError(code, 'something failed');
    const error = toStoreError(cause);
    expect(error).toMatchObject({ code: expected, details: { sqliteCode: code }, message: `Database error (${code}): something failed` });
    expect(error.cause).toBe(cause);
  });

  it('wraps anything else as internal', () => {
    expect(toStoreError(new Error('odd'))).toMatchObject({ code: 'internal', message: 'Database error: odd' });
    expect(toStoreError('text')).toMatchObject({ code: 'internal', message: 'Database error: text' });
  });

  it('leaves a CafeError as it is, and still finds the SQLite code inside it', () => {
    const wrapped = toStoreError(sqliteError('SQLITE_BUSY_SNAPSHOT', 'stale'));
    expect(toStoreError(wrapped)).toBe(wrapped);
    expect(sqliteCodeOf(wrapped)).toBe('SQLITE_BUSY_SNAPSHOT');
    expect(sqliteCodeOf(new CafeError('internal', 'no cause'))).toBeUndefined();
  });
});
