import pino, { type DestinationStream, type Logger } from 'pino';
import { createRequire } from 'node:module';
import type { PrettyOptions } from 'pino-pretty';

export type { Logger } from 'pino';

/**
 * Paths pino blanks out wherever they appear, so a credential that slips into a log call is still
 * never written. Secrets are also wrapped in `Secret`, which prints as "[redacted]"; this is the
 * second fence.
 */
const REDACTED_PATHS = [
  'token',
  'apiToken',
  'password',
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.token',
  '*.apiToken',
  '*.password',
  '*.authorization',
];

export interface LoggerOptions {
  level?: string;
  /** Where lines go; stderr by default so that stdout stays for command results. */
  destination?: DestinationStream | NodeJS.WritableStream;
  /** Readable lines (time, level, message, fields) instead of JSON: for a person at a terminal. */
  pretty?: boolean;
}

type PrettyFactory = (options: PrettyOptions) => NodeJS.WritableStream;

/**
 * pino-pretty and its dependencies are loaded only when a person reads the logs: services, pipes and
 * a worker's log (JSON lines) do not carry them. It is CommonJS, so it loads synchronously.
 */
function loadPinoPretty(): PrettyFactory {
  return createRequire(import.meta.url)('pino-pretty') as PrettyFactory;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const settings = { level: options.level ?? 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (options.pretty === true) {
    // In-process and synchronous: no transport thread, and nothing is lost when the process exits.
    const colorize = options.destination === undefined && process.stderr.isTTY === true;
    return pino(
      settings,
      loadPinoPretty()({
        destination: options.destination ?? 2,
        sync: true,
        colorize,
        translateTime: 'SYS:HH:MM:ss',
        ignore: 'pid,hostname',
      }),
    );
  }
  return pino(settings, options.destination ?? pino.destination(2));
}

/**
 * The level a process logs at: LOG_LEVEL when set, else the command's own default. `--verbose` asks
 * for at least info, so it never hides what a LOG_LEVEL of debug or trace would show.
 */
export function resolveLogLevel(configured: string | undefined, fallback: string, verbose = false): string {
  const level = configured ?? fallback;
  if (!verbose) return level;
  const rank = pino.levels.values;
  const chosen = rank[level];
  return chosen !== undefined && chosen < (rank.info ?? 30) ? level : 'info';
}

/** A logger that writes nothing, for tests and library callers that did not pass one. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
