import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Secret } from '../config/index.js';
import { CafeError } from '../errors/index.js';
import { silentLogger } from '../log/index.js';
import type { RetrySettings } from './call-with-retry.js';
import { createTokenScrubber } from './token-scrubber.js';
import { undiciTransport, type GatewayFetch } from './transport.js';

export interface GatewayClientOptions {
  /** e.g. 'https://connect.smsapp.pk/api/v3/'; a missing trailing '/' is added. */
  baseUrl: string;
  /** Revealed only to set the Authorization header. */
  token: Secret;
  /** Sender id of single sends, e.g. 'Cafe de Revenue'. */
  senderId: string;
  /** Deadline of each attempt; default 15 000 ms. */
  timeoutMs?: number;
  /** Attempts per call, the first included; default 5. */
  maxAttempts?: number;
  /**
   * Default true. false: a throttled send is not tried again here but answered as rate_limited at
   * once, so that a caller with a pace of its own (the outbox worker) learns the gateway's limit
   * rather than retrying into it.
   */
  retryThrottledSends?: boolean;
  /** Backoff base; default 250 ms. */
  retryBaseDelayMs?: number;
  /** Backoff ceiling; default 10 000 ms. */
  retryMaxDelayMs?: number;
  /** Bulk calls in flight at once in sendBulk; default 4. */
  concurrency?: number;
  /** How requests travel; default undici's request API on the process's keep-alive pools (see transport.ts). */
  fetch?: GatewayFetch;
  /** Default: an abortable timers/promises setTimeout. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** For backoff jitter; default Math.random. */
  random?: () => number;
  /** Clock for Retry-After dates and the shared cool-down; default Date.now. */
  now?: () => number;
  /** Default silent. Lines carry method, path, status, attempt and time, never headers or bodies. */
  logger?: Logger;
}

const DEFAULTS = {
  timeoutMs: 15_000,
  maxAttempts: 5,
  retryBaseDelayMs: 250,
  retryMaxDelayMs: 10_000,
  concurrency: 4,
};

async function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, signal === undefined ? undefined : { signal });
}

function wholeNumber(name: string, value: number | undefined, fallback: number, least: 0 | 1): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < least) {
    const range = least === 0 ? '0 or more' : 'above 0';
    throw new CafeError('invalid_input', `Gateway client option ${name} must be a whole number ${range}, got ${value}`, {
      input: name,
    });
  }
  return value;
}

function checkBaseUrl(baseUrl: string): string {
  const withSlash = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  let url: URL;
  try {
    url = new URL(withSlash);
  } catch {
    throw new CafeError('config', `The gateway URL "${baseUrl}" is not a URL; set SMSAPP_API_URL to an http(s) URL`, {
      input: baseUrl,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CafeError('config', `The gateway URL "${baseUrl}" must be http or https`, { input: baseUrl });
  }
  return url.href;
}

/** The client's options, checked and with their defaults filled in, once. */
export interface ClientSettings extends RetrySettings {
  baseUrl: string;
  senderId: string;
  concurrency: number;
}

export function resolveSettings(options: GatewayClientOptions): ClientSettings {
  const now = options.now ?? Date.now;
  return {
    baseUrl: checkBaseUrl(options.baseUrl),
    senderId: options.senderId,
    maxAttempts: wholeNumber('maxAttempts', options.maxAttempts, DEFAULTS.maxAttempts, 1),
    retryThrottledSends: options.retryThrottledSends ?? true,
    backoff: {
      baseDelayMs: wholeNumber('retryBaseDelayMs', options.retryBaseDelayMs, DEFAULTS.retryBaseDelayMs, 0),
      maxDelayMs: wholeNumber('retryMaxDelayMs', options.retryMaxDelayMs, DEFAULTS.retryMaxDelayMs, 0),
    },
    concurrency: wholeNumber('concurrency', options.concurrency, DEFAULTS.concurrency, 1),
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
    now,
    request: {
      token: options.token,
      scrubber: createTokenScrubber(options.token),
      timeoutMs: wholeNumber('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs, 1),
      fetch: options.fetch ?? undiciTransport,
      logger: options.logger ?? silentLogger(),
      now,
    },
  };
}
