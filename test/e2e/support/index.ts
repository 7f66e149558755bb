/** Helpers of the browser end-to-end tests: the real server as a child process, Chromium, and page steps. */
export { ADMIN_PASSWORD, assertDashboardBuilt, startServe, type ServeProcess, type StartServeOptions } from './serve-process.js';
export { CHROMIUM_PATH, UI_TIMEOUT_MS, launchChromium, newDashboardPage, skipWithoutChromium } from './browser.js';
export { expectSandboxBanner, expectText, horizontalOverflow, openFromMenu, signIn } from './dashboard.js';
export { createApiClient, type ApiAnswer, type ApiClient } from './api-client.js';
export { customersCsv, internationalPhone, type Customer } from './customers.js';
export { useDashboardSuite, type DashboardSuite, type DashboardSuiteOptions } from './dashboard-suite.js';
export { karachiLocalInAnHour, quietHoursAroundNow } from './karachi-clock.js';
