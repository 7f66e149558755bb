/**
 * The server's own quiet-hours rules (src/quiet-hours, no Node APIs in it), so the dashboard reads,
 * writes and applies quiet hours exactly as the API and the outbox do.
 */
import { parseQuietHours, quietHoursWaitEnd } from '../../../src/quiet-hours/index.js';

export { formatClock, formatQuietHours, parseClock, parseQuietHours, type QuietHours } from '../../../src/quiet-hours/index.js';

/**
 * When promotional messages due at `dueIso` would wait for quiet hours, given as the API's settings
 * text (`21:00-09:00` or `off`); null when they would not, or when either cannot be read.
 */
export function quietHoursWaitUntil(quietHours: string | null | undefined, dueIso: string): string | null {
  const reading = parseQuietHours(quietHours ?? 'off');
  const due = new Date(dueIso);
  if (!reading.ok || Number.isNaN(due.getTime())) return null;
  return quietHoursWaitEnd(due, reading.quietHours)?.toISOString() ?? null;
}
