import type { Command } from 'commander';
import { loadConfig, type Config } from '../config/index.js';
import { CafeError } from '../errors/index.js';
import { createLogger, type Logger } from '../log/index.js';

/**
 * What every command needs, made once per process and only when first asked for, so that
 * `cafe-sms --help` works even with a broken .env.
 */
export interface CliContext {
  config(): Readonly<Config>;
  logger(): Logger;
}

export function createCliContext(): CliContext {
  let config: Readonly<Config> | undefined;
  let logger: Logger | undefined;
  return {
    config: () => (config ??= loadConfig()),
    logger: () => (logger ??= createLogger({ level: (config ??= loadConfig()).logLevel, pretty: wantsPrettyLogs(config) })),
  };
}

/** Whether logs are written for a person: LOG_FORMAT, or with `auto` whether stderr is a terminal. */
export function wantsPrettyLogs(config: Readonly<Config>): boolean {
  return config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stderr.isTTY === true);
}

/** Commands that reach the live gateway refuse to run without a token, and say how to set one. */
export function requireToken(config: Readonly<Config>): NonNullable<Config['apiToken']> {
  if (!config.apiToken) {
    throw new CafeError(
      'config',
      'No gateway token: set SMSAPP_API_TOKEN in the environment or in a .env file in this folder ' +
        '(copy .env.example to .env and fill it in). To try cafe-sms without one, run `npm start` (sandbox mode) ' +
        'or point SMSAPP_API_URL at `cafe-sms simulator`.',
      { input: 'SMSAPP_API_TOKEN' },
    );
  }
  return config.apiToken;
}

/** Every command takes --json. */
export function withJsonOption(command: Command): Command {
  return command.option('--json', 'print a machine-readable result on stdout');
}

export type CommandRegistrar = (program: Command, context: CliContext) => void;
