/**
 * Local (Asia/Karachi) time helpers and the quiet-hours rule for promotional SMS. No Node APIs here
 * or in what this imports: the dashboard imports it, so it applies the rule the server does.
 */
export { CAFE_TIME_ZONE } from './time-zone.js';
export {
  formatClock,
  formatQuietHours,
  parseClock,
  parseQuietHours,
  type QuietHours,
  type QuietHoursReading,
  type QuietHoursTextProblem,
} from './window.js';
export { isQuietTime, quietHoursEnd, quietHoursWaitEnd } from './quiet-hours.js';
export { formatLocal, localMinuteOfDay, parseLocalDateTime } from './local-time.js';
