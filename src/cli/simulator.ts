// A command's module, loaded only when it runs (see commands/simulator.ts, which declares it).
import { CafeError } from '../errors/index.js';
import { startSimulator, type BulkAnswerShape, type SimulatorOptions } from '../simulator/index.js';
import { SANDBOX_TOKEN } from './commands/simulator.js';
import type { CliContext } from './context.js';
import { reportError } from './output.js';
import { untilStopped } from './stop-signal.js';

export interface SimulatorFlags {
  port: string;
  host: string;
  token?: string;
  latencyMs?: string;
  errorRate?: string;
  rateLimit?: string;
  cutRate?: string;
  deliveryDelayMs?: string;
  perPage?: string;
  bulkAnswer?: string;
  balance?: string;
  json?: boolean;
}

type FlagOptions = Omit<SimulatorOptions, 'token' | 'now' | 'logger'>;

function badFlag(flag: string, value: string, expected: string): CafeError {
  return new CafeError('invalid_input', `${flag} must be ${expected}; got "${value}"`, { input: flag });
}

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const number = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw badFlag(flag, value, `a whole number from ${min} to ${max}`);
  }
  return number;
}

function fraction(flag: string, value: string): number {
  const number = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1) throw badFlag(flag, value, 'a fraction from 0 to 1 (e.g. 0.05)');
  return number;
}

function bulkAnswer(value: string): BulkAnswerShape {
  if (value === 'records' || value === 'count' || value === 'message') return value;
  throw badFlag('--bulk-answer', value, 'one of records, count, message');
}

/** Every flag checked before anything starts; the first bad one is named in the error. */
export function parseSimulatorFlags(flags: SimulatorFlags): FlagOptions {
  const options: FlagOptions = { port: wholeNumber('--port', flags.port, 0, 65535), host: flags.host.trim() };
  if (options.host === '') throw badFlag('--host', flags.host, 'a host name or address such as 127.0.0.1');
  if (flags.latencyMs !== undefined) options.latencyMs = wholeNumber('--latency-ms', flags.latencyMs, 0, 600_000);
  if (flags.errorRate !== undefined) options.errorRate = fraction('--error-rate', flags.errorRate);
  if (flags.cutRate !== undefined) options.cutRate = fraction('--cut-rate', flags.cutRate);
  if (flags.rateLimit !== undefined) options.rateLimit = wholeNumber('--rate-limit', flags.rateLimit, 1, 1_000_000);
  if (flags.deliveryDelayMs !== undefined) {
    options.deliveryDelayMs = wholeNumber('--delivery-delay-ms', flags.deliveryDelayMs, 0, 86_400_000);
  }
  if (flags.perPage !== undefined) options.perPage = wholeNumber('--per-page', flags.perPage, 1, 1000);
  if (flags.bulkAnswer !== undefined) options.bulkAnswer = bulkAnswer(flags.bulkAnswer);
  if (flags.balance !== undefined) options.balance = wholeNumber('--balance', flags.balance, 0, 1_000_000_000);
  return options;
}

/** `cafe-sms simulator`: runs the gateway simulator until SIGINT or SIGTERM. */
export async function simulatorCommand(context: CliContext, flags: SimulatorFlags): Promise<void> {
  try {
    const options = parseSimulatorFlags(flags);
    const configured = flags.token === undefined ? context.config().apiToken : undefined;
    const token = flags.token ?? configured?.reveal() ?? SANDBOX_TOKEN;
    const tokenSource =
      flags.token !== undefined
        ? 'the token given with --token'
        : configured
          ? 'your SMSAPP_API_TOKEN'
          : 'the sandbox token shown in --help';
    const simulator = await startSimulator({ ...options, token, logger: context.logger() });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ url: simulator.url })}\n`);
    } else {
      process.stdout.write(
        `Gateway simulator listening on ${simulator.url}, accepting ${tokenSource}. ` +
          `Point cafe-sms at it with SMSAPP_API_URL=${simulator.url}\n`,
      );
    }
    await untilStopped();
    await simulator.close();
  } catch (error) {
    reportError(flags, error);
  }
}
