import * as z from 'zod';
import { CafeError } from '../errors/index.js';
import { silentLogger, type Logger } from '../log/index.js';
import type { BulkAnswerShape, ThrottleAnswer, TunableOptions } from './types.js';

/** The simulator's behaviour as it stands; `setOptions` replaces fields of it. */
export interface Settings {
  senderIds: readonly string[];
  latencyMs: number;
  errorRate: number;
  cutRate: number;
  /** undefined: no limit. */
  rateLimit: number | undefined;
  /** How a call over rateLimit is refused: HTTP 429 with Retry-After, or the platform's HTTP 200 "Too Many Attempts." without one. */
  throttleAnswer: ThrottleAnswer;
  perPage: number;
  deliveryDelayMs: number;
  bulkAnswer: BulkAnswerShape;
  blacklist: ReadonlySet<string>;
  /** Answers echo the caller's Authorization header into every text of their records. */
  echoAuthorization: boolean;
  seed: number;
  now: () => number;
  logger: Logger;
}

export const DEFAULT_SENDER_ID = 'Cafe de Revenue';
export const DEFAULT_SEED = 20_240_601;

const rate = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
const wholeMs = z.number().int('must be a whole number of milliseconds').min(0, 'must be 0 or more');

/**
 * The data-only options, as they may also arrive as JSON on `POST /__simulator/options`. `null`
 * switches off rateLimit and balance there (JSON has no undefined). Unknown keys are refused so
 * that a misspelt option does not pass silently.
 */
const tunableSchema = z
  .strictObject({
    senderIds: z.array(z.string().trim().min(1, 'must not be empty')).min(1, 'needs at least one sender id'),
    latencyMs: wholeMs,
    errorRate: rate,
    cutRate: rate,
    rateLimit: z.number().int('must be a whole number').min(1, 'must be at least 1 request per second').nullable(),
    throttleAnswer: z.enum(['http_429', 'http_200']),
    perPage: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000'),
    deliveryDelayMs: wholeMs,
    bulkAnswer: z.enum(['records', 'count', 'message']),
    blacklist: z.array(z.string()),
    balance: z.number().min(0, 'must be 0 or more').nullable(),
    echoAuthorization: z.boolean({ error: 'must be true or false' }),
    seed: z.number().int('must be a whole number'),
  })
  .partial();

type ParsedTunables = z.infer<typeof tunableSchema>;

/** Checks options given in code or JSON; a bad value is an invalid_input error naming the option. */
export function parseTunables(input: unknown): ParsedTunables {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new CafeError('invalid_input', 'Simulator options must be an object such as {"latencyMs": 50}');
  }
  const { now, logger, ...data } = input as Record<string, unknown>;
  if (now !== undefined && typeof now !== 'function') {
    throw new CafeError('invalid_input', 'Simulator option now must be a function returning milliseconds', { input: 'now' });
  }
  if (logger !== undefined && (typeof logger !== 'object' || logger === null)) {
    throw new CafeError('invalid_input', 'Simulator option logger must be a pino logger', { input: 'logger' });
  }
  // undefined means "leave as is", except where the caller explicitly switches a limit off.
  const defined = Object.fromEntries(
    Object.entries(data).filter(([key, value]) => value !== undefined || key === 'rateLimit' || key === 'balance'),
  );
  for (const key of ['rateLimit', 'balance']) if (key in defined && defined[key] === undefined) defined[key] = null;
  const parsed = tunableSchema.safeParse(defined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue?.path.join('.') || 'options';
    const message = issue?.code === 'unrecognized_keys' ? 'is not a simulator option' : (issue?.message ?? 'is invalid');
    throw new CafeError('invalid_input', `Simulator option ${name} ${message}`, { input: name });
  }
  return parsed.data;
}

export function defaultSettings(): Settings {
  return {
    senderIds: [DEFAULT_SENDER_ID],
    latencyMs: 0,
    errorRate: 0,
    cutRate: 0,
    rateLimit: undefined,
    throttleAnswer: 'http_429',
    perPage: 25,
    deliveryDelayMs: 2000,
    bulkAnswer: 'records',
    blacklist: new Set(),
    echoAuthorization: false,
    seed: DEFAULT_SEED,
    now: Date.now,
    logger: silentLogger(),
  };
}

/** What a set of options changes: the new settings, and the balance when the options name it. */
export interface OptionsChange {
  settings: Settings;
  /** Absent: the balance stays as it is; `{ value: undefined }`: unlimited from now on. */
  balance?: { value: number | undefined };
}

/** Applies options to settings, checking them first; nothing changes when one is bad. */
export function applyOptions(settings: Settings, options: TunableOptions): OptionsChange {
  const parsed = parseTunables(options);
  const next: Settings = { ...settings };
  if (parsed.senderIds) next.senderIds = parsed.senderIds;
  if (parsed.latencyMs !== undefined) next.latencyMs = parsed.latencyMs;
  if (parsed.errorRate !== undefined) next.errorRate = parsed.errorRate;
  if (parsed.cutRate !== undefined) next.cutRate = parsed.cutRate;
  if ('rateLimit' in parsed) next.rateLimit = parsed.rateLimit ?? undefined;
  if (parsed.throttleAnswer) next.throttleAnswer = parsed.throttleAnswer;
  if (parsed.perPage !== undefined) next.perPage = parsed.perPage;
  if (parsed.deliveryDelayMs !== undefined) next.deliveryDelayMs = parsed.deliveryDelayMs;
  if (parsed.bulkAnswer) next.bulkAnswer = parsed.bulkAnswer;
  if (parsed.blacklist) next.blacklist = new Set(parsed.blacklist.map(toDigits));
  if (parsed.echoAuthorization !== undefined) next.echoAuthorization = parsed.echoAuthorization;
  if (parsed.seed !== undefined) next.seed = parsed.seed;
  if (options.now) next.now = options.now;
  if (options.logger) next.logger = options.logger;
  return 'balance' in parsed ? { settings: next, balance: { value: parsed.balance ?? undefined } } : { settings: next };
}

/** Numbers as the gateway stores them: digits with country code, no "+". */
export function toDigits(phone: string): string {
  return phone.trim().replace(/^\+/, '');
}
