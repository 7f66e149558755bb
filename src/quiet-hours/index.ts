/** Local (Asia/Karachi) time helpers and the quiet-hours rule for promotional SMS. */
export { isQuietTime, quietHoursEnd } from './quiet-hours.js';
export { formatLocal, localMinuteOfDay, parseLocalDateTime } from './local-time.js';
