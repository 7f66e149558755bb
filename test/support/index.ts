/** Helpers shared by tests and benchmarks: the real `cafe-sms` CLI as a child process, and CSV files several suites write. */
export {
  runCli,
  startCli,
  assertCliBuilt,
  cliEnvironment,
  REPO_ROOT,
  CLI_BIN,
  type CliOptions,
  type RunCliOptions,
  type CliResult,
  type RunningCli,
} from './run-cli.js';
export { createTempDir, type TempDir } from './temp-dir.js';
export { quietHoursAroundNow } from './quiet-hours-now.js';
export { manualClock, type ManualClock } from './manual-clock.js';
export { callArrivals, gatewayPace, type CallArrival } from './gateway-pace.js';
export {
  localPhone,
  normalizedPhone,
  guestContactRows,
  guestContactsCsv,
  ONE_CONTACT_CSV,
  CONTACTS_CSV_WITHOUT_PHONE_COLUMN,
  CONTACTS_CSV_OF_10_001_COLUMNS,
  BULK_CSV_WITHOUT_MESSAGE_COLUMN,
  BULK_CSV_WITH_UNCLOSED_QUOTE,
} from './csv-fixtures.js';
