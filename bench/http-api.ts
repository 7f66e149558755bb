/**
 * `POST /api/messages` under load: `cafe-sms serve` in sandbox mode (its own process, a fresh
 * database, the outbox worker sending to the built-in simulator all along), an API key from
 * `cafe-sms apikey create`, then autocannon on loopback for DURATION_S seconds over CONNECTIONS
 * connections. Every request has its own phone number and Idempotency-Key, so each is a new SMS.
 * Afterwards the outbox must drain: every queued message accepted by the (simulated) gateway.
 */
import { createRequire } from 'node:module';
import { setTimeout as delay } from 'node:timers/promises';
import { createApiClient, startServe, type ApiClient } from '../test/e2e/support/index.js';
import type { BenchResult, Benchmark } from './support/types.js';

const DURATION_S = 10;
const CONNECTIONS = 10;
const DRAIN_TIMEOUT_MS = 180_000;
/** Chosen as a floor for a 2-core CI machine, where autocannon shares the cores with the server. */
const RPS_TARGET = 300;
const P99_TARGET_MS = 250;

/** The parts of autocannon's programmatic API used here (the package ships no types). */
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  requests: Array<AutocannonRequest & { setupRequest?: (request: AutocannonRequest) => AutocannonRequest }>;
}
interface Histogram {
  average: number;
  p50: number;
  p99: number;
}
interface AutocannonResult {
  /** `total`: completed; `sent`: sent, including those still unanswered when the run ended. */
  requests: Histogram & { total: number; sent: number };
  latency: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats?: Record<string, { count: number }>;
}
type Autocannon = (options: AutocannonOptions) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/**
 * The n-th request's Pakistani mobile number: distinct for every n, and never ending in 0 or 9,
 * which the simulator reports as undelivered.
 */
function benchPhone(n: number): string {
  return `0301${String(Math.floor(n / 8)).padStart(6, '0')}${1 + (n % 8)}`;
}

/** A request builder numbering its requests; one per run, so two runs never share keys. */
function numberedMessages(runId: string): (request: AutocannonRequest) => AutocannonRequest {
  let sent = 0;
  return (request) => {
    const n = sent++;
    return {
      ...request,
      headers: { ...request.headers, 'idempotency-key': `${runId}-${n}` },
      body: JSON.stringify({ phone: benchPhone(n), message: `Your order #${n} is ready at the counter. Cafe de Revenue` }),
    };
  };
}

async function countMessages(api: ApiClient, state?: string): Promise<number> {
  const query = state === undefined ? 'limit=1' : `state=${state}&limit=1`;
  return (await api.ok<{ total: number }>('GET', `/api/messages?${query}`)).total;
}

/** Waits until nothing is queued, being sent or unknown; answers how long that took. */
async function waitForDrain(api: ApiClient): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < DRAIN_TIMEOUT_MS) {
    const waiting = await Promise.all(['queued', 'sending', 'unknown'].map((state) => countMessages(api, state)));
    if (waiting.every((count) => count === 0)) return performance.now() - started;
    await delay(250);
  }
  throw new Error(`the outbox did not drain within ${DRAIN_TIMEOUT_MS / 1000} s`);
}

/** autocannon on `POST /api/messages`: every request a new SMS to a new number. */
function loadMessages(url: string, key: string): Promise<AutocannonResult> {
  return autocannon({
    url: new URL('/api/messages', url).href,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json' },
    requests: [{ method: 'POST', setupRequest: numberedMessages(`bench-${Date.now()}`) }],
  });
}

interface OutboxAfterLoad {
  /** Still queued the moment the load stopped. */
  backlog: number;
  drainMs: number;
  /** Outbox rows in all. */
  total: number;
  /** Accepted by the gateway (delivery reports come ~3 s after a send, so some already read delivered). */
  accepted: number;
}

async function drainOutbox(api: ApiClient): Promise<OutboxAfterLoad> {
  const backlog = await countMessages(api, 'queued');
  const drainMs = await waitForDrain(api);
  const [total, accepted, delivered] = await Promise.all([
    countMessages(api),
    countMessages(api, 'accepted'),
    countMessages(api, 'delivered'),
  ]);
  return { backlog, drainMs, total, accepted: accepted + delivered };
}

function report(load: AutocannonResult, outbox: OutboxAfterLoad): BenchResult[] {
  const queued = load.statusCodeStats?.['202']?.count ?? 0;
  const failures = load.errors + load.timeouts;
  return [
    {
      metric: 'POST /api/messages throughput',
      value: load.requests.average,
      unit: 'req/s',
      target: `>= ${RPS_TARGET}`,
      pass: load.requests.average >= RPS_TARGET,
    },
    { metric: 'latency p50', value: load.latency.p50, unit: 'ms' },
    { metric: 'latency p99', value: load.latency.p99, unit: 'ms', target: `< ${P99_TARGET_MS} ms`, pass: load.latency.p99 < P99_TARGET_MS },
    { metric: 'non-2xx answers', value: load.non2xx, unit: '', target: '0', pass: load.non2xx === 0 },
    { metric: 'connection errors and timeouts', value: failures, unit: '', target: '0', pass: failures === 0 },
    { metric: 'messages queued (202)', value: queued, unit: 'SMS' },
    // Requests still unanswered when the load stopped were handled all the same: up to `sent`.
    {
      metric: 'outbox rows (one per request)',
      value: outbox.total,
      unit: 'SMS',
      target: `${queued}..${load.requests.sent}`,
      pass: outbox.total >= queued && outbox.total <= load.requests.sent,
    },
    {
      metric: 'accepted by the gateway after the drain',
      value: outbox.accepted,
      unit: 'SMS',
      target: `= ${outbox.total} rows`,
      pass: outbox.accepted === outbox.total && outbox.total > 0,
    },
    { metric: 'still queued when the load stopped', value: outbox.backlog, unit: 'SMS' },
    { metric: 'drain time after the load', value: outbox.drainMs / 1000, unit: 's' },
  ];
}

async function run(): Promise<BenchResult[]> {
  const server = await startServe({
    // The worker's pace and concurrency must not be what the drain time measures.
    env: { SEND_RATE: '1000000', SEND_CONCURRENCY: '4', TRACK_INTERVAL_MS: '1000' },
  });
  try {
    const key = await server.createApiKey('bench');
    const load = await loadMessages(server.url, key);
    return report(load, await drainOutbox(createApiClient(server.url, key)));
  } finally {
    await server.stop();
  }
}

const benchmark: Benchmark = { name: 'http-api', run };
export default benchmark;
