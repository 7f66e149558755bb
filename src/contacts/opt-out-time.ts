import { formatLocal, parseLocalDateTime } from '../quiet-hours/index.js';
import { isCafeError } from '../errors/index.js';

/**
 * The opted_out_at cell of the contacts file, in cafe time (Asia/Karachi) as staff read every time:
 * "2026-11-26 10:00", seconds added only when there are some. The import reads it back as cafe time.
 */
export function writeOptOutTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const seconds = at.getUTCSeconds();
  return seconds === 0 ? formatLocal(at) : `${formatLocal(at)}:${String(seconds).padStart(2, '0')}`;
}

/** A wall-clock time with no zone: the export's form, read as cafe time. */
const CAFE_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?$/;

/**
 * Reads an opted_out_at cell: cafe time ("2026-11-26 10:00", as the export writes it), or a time
 * that names its zone (ISO 8601 "2026-11-26T05:00:00Z", as older exports wrote it). A time without
 * a zone is never read in the server's own zone: it is the cafe's.
 */
export function readOptOutTime(text: string): { ok: true; at: Date } | { ok: false; reason: string } {
  const trimmed = text.trim();
  if (CAFE_TIME.test(trimmed)) {
    try {
      return { ok: true, at: parseLocalDateTime(trimmed) };
    } catch (error) {
      if (!isCafeError(error)) throw error;
      return { ok: false, reason: `opted_out_at ${error.message}` };
    }
  }
  const at = new Date(trimmed);
  if (Number.isNaN(at.getTime())) {
    return { ok: false, reason: 'opted_out_at is not a date: write it in cafe time, e.g. 2026-11-26 10:00' };
  }
  return { ok: true, at };
}
