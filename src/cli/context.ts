import { loadConfig, type Config } from '../config/index.js';
import { CafeError } from '../errors/index.js';
import { createLogger, resolveLogLevel, type Logger } from '../log/index.js';
import { CLI_LOG_LEVEL } from './log-level.js';

/**
 * What every command needs, made once per process and only when first asked for, so that
 * `cafe-sms --help` works even with a broken .env.
 */
export interface CliContext {
  config(): Readonly<Config>;
  logger(): Logger;
}

export interface CliContextOptions {
  /** The level when LOG_LEVEL is unset. */
  defaultLogLevel?: string;
  /** Whether --verbose was given; asked only once the arguments are parsed. */
  verbose?: () => boolean;
}

export function createCliContext(options: CliContextOptions = {}): CliContext {
  let config: Readonly<Config> | undefined;
  let logger: Logger | undefined;
  const getConfig = () => (config ??= loadConfig());
  const logLevel = () => resolveLogLevel(getConfig().logLevel, options.defaultLogLevel ?? CLI_LOG_LEVEL, options.verbose?.() === true);
  return {
    config: getConfig,
    logger: () => (logger ??= createLogger({ level: logLevel(), pretty: wantsPrettyLogs(getConfig()) })),
  };
}

/** Whether logs are written for a person: LOG_FORMAT, or with `auto` whether stderr is a terminal. */
function wantsPrettyLogs(config: Readonly<Config>): boolean {
  return config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stderr.isTTY === true);
}

/** Commands that reach the live gateway refuse to run without a token, and say how to set one. */
export function requireToken(config: Readonly<Config>): NonNullable<Config['apiToken']> {
  if (!config.apiToken) {
    throw new CafeError(
      'config',
      'No gateway token: set SMSAPP_API_TOKEN in the environment or in a .env file in this folder ' +
        '(copy .env.example to .env and fill it in). To try cafe-sms without one, run `npm start` (sandbox mode) ' +
        'or point SMSAPP_API_URL at `npx cafe-sms simulator`.',
      { input: 'SMSAPP_API_TOKEN' },
    );
  }
  return config.apiToken;
}
