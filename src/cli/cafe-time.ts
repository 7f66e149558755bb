import { parseZonedTime } from '../outbox/gateway-time.js';
import { formatLocal } from '../quiet-hours/index.js';

// Loads the cafe's time zone, whose ICU data costs memory (docs/benchmarks.md, "What a command does not load"):
// commands that print no time, such as `bulk`, import this only when they need it.

/**
 * A time as cafe staff read it: cafe time (Asia/Karachi), "2026-11-26 10:00", the form `campaign
 * schedule` takes. Every human line of the CLI shows times so; --json keeps the stored ISO text. A
 * time without a zone (a gateway record may hold one) cannot be converted and is shown as it is.
 */
export function cafeTime(text: string | null | undefined): string {
  if (text === null || text === undefined || text.trim() === '') return '-';
  const ms = parseZonedTime(text);
  return ms === undefined ? text : formatLocal(new Date(ms));
}
