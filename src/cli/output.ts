import { CafeError, toCafeError } from '../errors/index.js';

/** Exit codes of every cafe-sms command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Bad usage, bad input and missing configuration are the user's to fix: exit 2. */
export function exitCodeFor(error: CafeError): number {
  return error.code === 'invalid_input' || error.code === 'config' ? EXIT.usage : EXIT.failed;
}

export interface OutputOptions {
  json?: boolean;
}

/** Writes a command's result: JSON on stdout with --json, otherwise the human lines given. */
export function printResult(options: OutputOptions, result: unknown, humanLines: () => string[]): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const lines = humanLines();
  if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * Reports a failure and sets the exit code. With --json the error goes to stdout as
 * `{ "error": { code, message, … } }` so scripts can parse it; the human text goes to stderr.
 */
export function reportError(options: OutputOptions, thrown: unknown): void {
  const error = toCafeError(thrown);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`);
  } else {
    process.stderr.write(`cafe-sms: ${error.message}\n`);
  }
  process.exitCode = exitCodeFor(error);
}

/** Runs a command's body; any failure is reported (stderr, or stdout as JSON) and sets the exit code. */
export async function runCommand(options: OutputOptions, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    reportError(options, error);
  }
}
