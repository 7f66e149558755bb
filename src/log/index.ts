import pino, { type DestinationStream, type Logger } from 'pino';

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
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    { level: options.level ?? 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    options.destination ?? pino.destination(2),
  );
}

/** A logger that writes nothing, for tests and library callers that did not pass one. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
