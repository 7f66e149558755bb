/**
 * The server's own rules for settings (src/settings/setting-rules.ts, pure), so the page warns and
 * refuses with the words the server uses.
 */
export { optOutLineWarning, quietHoursProblem, sendRateWarning, USUAL_SEND_RATE } from '../../../src/settings/setting-rules.js';
