/** Helpers shared by tests and benchmarks that drive the real `cafe-sms` CLI as a child process. */
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
