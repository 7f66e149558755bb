import { CafeError } from '../errors/index.js';
import type { ColumnIndexes } from './validate-row.js';

const REQUIRED = ['phone', 'message'] as const;
const EXPECTED = 'the first line must name the columns: phone,message (and optionally type)';

/**
 * Finds the known columns in a bulk file's header. Names are matched trimmed and case-insensitively;
 * other columns are allowed and ignored, so a customer list with extra columns can be used as is.
 */
export function readHeader(header: readonly string[], file: string): ColumnIndexes {
  const names = header.map((name) => name.trim().toLowerCase());
  const seen = new Set<string>();
  for (const name of names) {
    if (name !== '' && seen.has(name)) {
      throw new CafeError('invalid_input', `${file}: the header names the column "${name}" twice; ${EXPECTED}`, {
        input: file,
        details: { column: name },
      });
    }
    seen.add(name);
  }
  const missing = REQUIRED.filter((name) => !seen.has(name));
  if (missing.length > 0) {
    const list = missing.map((name) => `"${name}"`).join(' and ');
    throw new CafeError(
      'invalid_input',
      `${file}: the header has no ${list} column (found: ${names.filter(Boolean).join(',') || 'nothing'}); ${EXPECTED}`,
      { input: file, details: { missingColumns: missing } },
    );
  }
  const typeIndex = names.indexOf('type');
  return {
    phone: names.indexOf('phone'),
    message: names.indexOf('message'),
    type: typeIndex === -1 ? undefined : typeIndex,
    width: names.length,
  };
}
