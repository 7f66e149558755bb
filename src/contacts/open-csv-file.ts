import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { CafeError } from '../errors/index.js';

export interface CsvFile {
  stream: Readable;
  /** Bytes, for progress. */
  size: number;
}

/** Opens a CSV for streaming, refusing a missing or unreadable file with an error naming it. */
export async function openCsvFile(filePath: string): Promise<CsvFile> {
  let size: number;
  try {
    const info = await stat(filePath);
    if (info.isDirectory()) throw Object.assign(new Error('it is a folder'), { code: 'EISDIR' });
    size = info.size;
  } catch (error) {
    throw unreadable(filePath, error);
  }
  return { stream: createReadStream(filePath), size };
}

/** Wraps a read failure of the CSV (missing, a folder, no permission) as bad input naming the file. */
export function unreadable(filePath: string, cause: unknown): CafeError {
  const code = (cause as { code?: unknown } | null)?.code;
  const why =
    code === 'ENOENT'
      ? 'there is no such file'
      : code === 'EISDIR'
        ? 'it is a folder, not a file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : cause instanceof Error
            ? cause.message
            : String(cause);
  return new CafeError('invalid_input', `Cannot read the contacts file ${filePath}: ${why}. Give the path of a .csv file.`, {
    input: filePath,
    cause,
  });
}
