import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
// zod's small build: the classic one takes some 60 ms to load, which every command would pay at start-up.
import * as z from 'zod/mini';
import { CafeError } from '../errors/index.js';
import { namesOptOutKeyword } from '../inbound/keywords.js';
import { parseQuietHours, type QuietHours, type QuietHoursTextProblem } from '../quiet-hours/index.js';
import { isPhoneCountry } from '../sms/phone.js';
import { Secret } from './secret.js';

export { Secret } from './secret.js';
// src/quiet-hours owns these; they stay importable from here for the modules that read them with the config.

export const DEFAULT_OPT_OUT_TEXT = 'Reply STOP to opt out. بند کرنے کے لیے STOP بھیجیں';

export interface Config {
  apiUrl: string;
  /** Absent means sandbox mode: nothing is sent for real. */
  apiToken: Secret | undefined;
  senderId: string;
  defaultCountry: string;
  databaseUrl: string;
  quietHours: QuietHours | null;
  /** Longest message in SMS parts (MAX_SEGMENTS): a campaign whose message would be longer for a contact is refused. */
  maxSegments: number;
  /** Pace of the outbox, in SMS segments per second. */
  sendRate: number;
  /** Rupees one SMS unit costs (SMS_UNIT_PRICE), to show balances and campaigns in money; null when unset. */
  smsUnitPrice: number | null;
  /** Gateway calls the outbox keeps in flight at once. */
  sendConcurrency: number;
  /** How long an SMS whose outcome was lost must be absent from the gateway's list before it is sent again. */
  reconcileGraceMs: number;
  optOutText: string;
  /** Extra inbound keywords (on top of STOP, UNSUBSCRIBE and the Urdu ones) that opt a customer out. */
  optOutKeywords: string[];
  /** Extra inbound keywords (on top of START) that opt a customer back in. */
  optInKeywords: string[];
  /** The worker's wait between looks at an empty queue, in ms. */
  workerIdlePollMs: number;
  /** A worker whose heartbeat is older than this (ms) is taken for dead and its sends reconciled. */
  workerStaleMs: number;
  /** How often (ms) the worker polls the gateway for delivery reports and inbound messages. */
  trackIntervalMs: number;
  host: string;
  port: number;
  adminPassword: Secret | undefined;
  /**
   * LOG_LEVEL when it is set. Unset, each process picks its own: the CLI's commands log warnings and
   * errors only (their output is for a person), `serve` logs at info (its log is the service's record).
   */
  logLevel: string | undefined;
  /** auto: readable lines when stderr is a terminal, JSON lines otherwise (services, pipes). */
  logFormat: 'auto' | 'json' | 'pretty';
}

const QUIET_HOURS_PROBLEMS: Readonly<Record<QuietHoursTextProblem, (value: string) => string>> = Object.freeze({
  'not-a-range': () => 'QUIET_HOURS must look like 21:00-09:00 (24-hour clock) or be "off"',
  'starts-where-it-ends': (value: string) =>
    `QUIET_HOURS "${value}" starts and ends at the same time, which leaves no quiet hours: ` +
    'give a window such as 21:00-09:00, or "off" for none',
});

function quietHoursFromEnv(value: string): QuietHours | null {
  const reading = parseQuietHours(value);
  if (reading.ok) return reading.quietHours;
  throw new CafeError('config', QUIET_HOURS_PROBLEMS[reading.problem](value), { input: 'QUIET_HOURS' });
}

/** A number read from the environment: `error` when it is not one, then the checks in order. */
function numberFrom(error: string, ...checks: z.core.$ZodCheck<number>[]) {
  return z.coerce.number({ error }).check(...checks);
}

/** A whole number of milliseconds, at least `min` (`why` says where the least comes from), else `fallback`. */
function millisecondsFrom(name: string, min: number, fallback: number, why = '') {
  return z._default(
    numberFrom(
      `${name} must be a number of milliseconds`,
      z.int(`${name} must be a whole number of milliseconds`),
      z.gte(min, `${name} must be at least ${min}${why}`),
    ),
    fallback,
  );
}

const envSchema = z.object({
  SMSAPP_API_URL: z._default(z.url({ error: 'SMSAPP_API_URL must be an http(s) URL' }), 'https://connect.smsapp.pk/api/v3/'),
  SMSAPP_API_TOKEN: z.optional(z.string().check(z.trim())),
  SMSAPP_SENDER_ID: z._default(z.string().check(z.trim(), z.minLength(1, 'SMSAPP_SENDER_ID must not be empty')), 'Cafe de Revenue'),
  DEFAULT_COUNTRY: z._default(
    z
      .string()
      .check(
        z.trim(),
        z.regex(/^[A-Za-z]{2}$/, 'DEFAULT_COUNTRY must be a two-letter country code such as PK'),
        z.toUpperCase(),
        z.refine(isPhoneCountry, 'DEFAULT_COUNTRY must be a country whose phone numbers can be read, such as PK, AE or GB'),
      ),
    'PK',
  ),
  DATABASE_URL: z._default(z.string().check(z.trim(), z.minLength(1)), './data/cafe-sms.db'),
  QUIET_HOURS: z._default(z.string(), '21:00-09:00'),
  SEND_RATE: z._default(numberFrom('SEND_RATE must be a number of SMS segments per second', z.positive('SEND_RATE must be above 0')), 20),
  MAX_SEGMENTS: z._default(
    numberFrom(
      'MAX_SEGMENTS must be a whole number of SMS parts',
      z.int('MAX_SEGMENTS must be a whole number of SMS parts'),
      z.gte(1, 'MAX_SEGMENTS must be at least 1'),
      z.lte(30, 'MAX_SEGMENTS must be at most 30 (phones join at most a few dozen parts into one message)'),
    ),
    10,
  ),
  SMS_UNIT_PRICE: z.optional(
    numberFrom(
      'SMS_UNIT_PRICE must be a number of rupees per SMS unit, e.g. 1.5',
      z.positive('SMS_UNIT_PRICE must be above 0 (rupees per SMS unit)'),
      z.lte(10_000, 'SMS_UNIT_PRICE must be at most 10000 rupees per SMS unit'),
    ),
  ),
  SEND_CONCURRENCY: z._default(
    numberFrom(
      'SEND_CONCURRENCY must be a whole number of gateway calls',
      z.int('SEND_CONCURRENCY must be a whole number'),
      z.gte(1, 'SEND_CONCURRENCY must be at least 1'),
      z.lte(16, 'SEND_CONCURRENCY must be at most 16'),
    ),
    2,
  ),
  RECONCILE_GRACE_SECONDS: z._default(
    numberFrom('RECONCILE_GRACE_SECONDS must be a number of seconds', z.gte(0, 'RECONCILE_GRACE_SECONDS must not be negative')),
    120,
  ),
  OPT_OUT_TEXT: z._default(z.string(), DEFAULT_OPT_OUT_TEXT),
  OPT_OUT_KEYWORDS: z._default(z.string(), ''),
  OPT_IN_KEYWORDS: z._default(z.string(), ''),
  WORKER_IDLE_POLL_MS: millisecondsFrom('WORKER_IDLE_POLL_MS', 1, 500),
  WORKER_STALE_MS: millisecondsFrom('WORKER_STALE_MS', 1000, 15_000, ' (the heartbeat comes every second)'),
  TRACK_INTERVAL_MS: millisecondsFrom('TRACK_INTERVAL_MS', 1, 5000),
  HOST: z._default(z.string().check(z.trim(), z.minLength(1)), '127.0.0.1'),
  PORT: z._default(
    numberFrom(
      'PORT must be a whole number 0-65535',
      z.int('PORT must be a whole number 0-65535'),
      z.gte(0),
      z.lte(65535, 'PORT must be 0-65535'),
    ),
    3000,
  ),
  ADMIN_PASSWORD: z.optional(z.string()),
  LOG_LEVEL: z.optional(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent',
    }),
  ),
  LOG_FORMAT: z._default(z.enum(['auto', 'json', 'pretty'], { error: 'LOG_FORMAT must be auto, json or pretty' }), 'auto'),
});

export interface LoadConfigOptions {
  /** The environment to read; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Folder whose .env file is read; defaults to the working directory. Pass null to skip .env. */
  cwd?: string | null;
}

function readDotenv(cwd: string | null): Record<string, string> {
  if (cwd === null) return {};
  const file = path.join(cwd, '.env');
  return existsSync(file) ? parseDotenv(readFileSync(file)) : {};
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Blank values count as unset, so `SMSAPP_API_TOKEN=` in .env means "no token". */
function withoutBlanks(source: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && value.trim() !== '') out[key] = value;
  }
  return out;
}

function optOutTextWithoutKeyword(text: string): CafeError {
  return new CafeError(
    'config',
    `OPT_OUT_TEXT "${text}" names no word that opts a customer out: write one such as "Reply STOP to opt out" ` +
      '(STOP, UNSUBSCRIBE, بند … or a word of OPT_OUT_KEYWORDS)',
    { input: 'OPT_OUT_TEXT' },
  );
}

/**
 * Reads configuration once, from the environment over a `.env` file. The only place in cafe-sms
 * that looks at process.env; everything else receives the frozen result.
 */
export function loadConfig(options: LoadConfigOptions = {}): Readonly<Config> {
  const merged = {
    ...withoutBlanks(readDotenv(options.cwd === undefined ? process.cwd() : options.cwd)),
    ...withoutBlanks(options.env ?? process.env),
  };
  const parsed = envSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'configuration');
    throw new CafeError('config', `${issue?.message ?? 'invalid value'} (check ${name} in the environment or .env)`, {
      input: name,
    });
  }
  const env = parsed.data;
  const quietHours = quietHoursFromEnv(env.QUIET_HOURS);
  const optOutKeywords = splitList(env.OPT_OUT_KEYWORDS);
  if (!namesOptOutKeyword(env.OPT_OUT_TEXT, optOutKeywords)) throw optOutTextWithoutKeyword(env.OPT_OUT_TEXT);
  return Object.freeze({
    apiUrl: env.SMSAPP_API_URL.endsWith('/') ? env.SMSAPP_API_URL : `${env.SMSAPP_API_URL}/`,
    apiToken: env.SMSAPP_API_TOKEN ? new Secret(env.SMSAPP_API_TOKEN) : undefined,
    senderId: env.SMSAPP_SENDER_ID,
    defaultCountry: env.DEFAULT_COUNTRY,
    databaseUrl: env.DATABASE_URL,
    quietHours,
    maxSegments: env.MAX_SEGMENTS,
    sendRate: env.SEND_RATE,
    smsUnitPrice: env.SMS_UNIT_PRICE ?? null,
    sendConcurrency: env.SEND_CONCURRENCY,
    reconcileGraceMs: env.RECONCILE_GRACE_SECONDS * 1000,
    optOutText: env.OPT_OUT_TEXT,
    optOutKeywords,
    optInKeywords: splitList(env.OPT_IN_KEYWORDS),
    workerIdlePollMs: env.WORKER_IDLE_POLL_MS,
    workerStaleMs: env.WORKER_STALE_MS,
    trackIntervalMs: env.TRACK_INTERVAL_MS,
    host: env.HOST,
    port: env.PORT,
    adminPassword: env.ADMIN_PASSWORD ? new Secret(env.ADMIN_PASSWORD) : undefined,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
  });
}
