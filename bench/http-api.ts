/**
 * `POST /api/messages` under load: `cafe-sms serve` (its own process, a fresh database, the outbox
 * worker sending all along to `cafe-sms simulator` in a process of its own), an API key from
 * `cafe-sms apikey create`, then a paced load (support/paced-load.ts) on loopback for DURATION_S seconds over CONNECTIONS
 * connections at RATE requests a second in all. Every request has its own phone number and
 * Idempotency-Key, so each is a new SMS. The outbox must keep up while the load runs (one-offs
 * share bulk calls when several are due) and be empty soon after: every queued message accepted by
 * the (simulated) gateway.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createApiClient, startServe, type ApiClient } from '../test/e2e/support/index.js';
import { createTempDir } from '../test/support/index.js';
import { runPacedLoad, type PacedLoadResult, type PacedRequest } from './support/paced-load.js';
import { startSimulatorProcess } from './support/simulator-process.js';
import type { BenchResult, Benchmark } from './support/types.js';

const DURATION_S = 10;
const WARM_UP_S = 2;
const CONNECTIONS = 10;
const DRAIN_TIMEOUT_MS = 180_000;
/** The load offered, requests a second over all connections (a busy till and an online shop at once). */
const RATE = 1000;
const P99_TARGET_MS = 20;
/** "Drained as fast as it is posted": the outbox is empty this soon after the last request. */
const DRAIN_TARGET_S = 1;
const REST_RSS_TARGET_MB = 120;
/** How long `serve` is left alone before its memory is read: start-up done, worker idle. */
const REST_MS = 3000;

/** A process's resident memory now, from /proc (Linux). */
async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  return Math.round((kb * 1024) / 1e6);
}

/**
 * The n-th request's Pakistani mobile number: distinct for every n, and never ending in 0 or 9,
 * which the simulator reports as undelivered.
 */
function benchPhone(n: number): string {
  return `0301${String(Math.floor(n / 8)).padStart(6, '0')}${1 + (n % 8)}`;
}

/** The n-th request: a new SMS to a number of its own, under a key of its own (one run never repeats another's). */
function numberedMessage(runId: string, apiKey: string): (n: number) => PacedRequest {
  return (n) => ({
    method: 'POST',
    path: '/api/messages',
    headers: {
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/json',
      accept: 'application/json',
      'idempotency-key': `${runId}-${n}`,
    },
    body: JSON.stringify({ phone: benchPhone(n), message: `Your order #${n} is ready at the counter. Cafe de Revenue` }),
  });
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
    await delay(50);
  }
  throw new Error(`the outbox did not drain within ${DRAIN_TIMEOUT_MS / 1000} s`);
}

/**
 * WARM_UP_S at the rate first, not counted: the first requests to a fresh process wait for its code
 * to be compiled and its connections opened (~0.5 s for the first hundred), which a server that has
 * run for a minute no longer does. Its messages still count in the outbox checks.
 */
async function loadMessages(url: string, key = 'none'): Promise<PacedLoadResult> {
  const load = (runId: string, durationS: number) =>
    runPacedLoad({ origin: new URL(url).origin, rate: RATE, durationS, connections: CONNECTIONS, request: numberedMessage(runId, key) });
  const warmUp = await load(`warm-up-${Date.now()}`, WARM_UP_S);
  // Every warm-up request queued its SMS (202), so the outbox checks can count them in.
  if (warmUp.statusCounts[202] !== warmUp.offered) throw new Error(`the warm-up load was not all queued: ${JSON.stringify(warmUp)}`);
  return load(`bench-${Date.now()}`, DURATION_S);
}

const BARE_SERVER = fileURLToPath(new URL('./support/bare-http-server.mjs', import.meta.url));

/** The same load against a bare node:http server (support/bare-http-server.mjs): what this machine adds. */
async function machineFloor(): Promise<PacedLoadResult> {
  const child = spawn(process.execPath, [BARE_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    return await loadMessages((JSON.parse(line) as { url: string }).url);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
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

interface ServeMemory {
  atRestMb: number;
  afterLoadMb: number;
}

function report(load: PacedLoadResult, outbox: OutboxAfterLoad, floor: PacedLoadResult, memory: ServeMemory): BenchResult[] {
  const queued = (load.statusCounts[202] ?? 0) + RATE * WARM_UP_S;
  const non2xx = Object.entries(load.statusCounts)
    .filter(([status]) => !status.startsWith('2'))
    .reduce((sum, [, count]) => sum + count, 0);
  return [
    {
      metric: `POST /api/messages answered, ${RATE} req/s offered for ${DURATION_S} s`,
      value: load.answered,
      unit: 'req',
      target: `= ${load.offered}`,
      pass: load.answered === load.offered,
    },
    { metric: 'latency p50 (from when each request was due)', value: load.latencyMs.p50, unit: 'ms' },
    {
      metric: 'latency p99 (from when each request was due)',
      value: load.latencyMs.p99,
      unit: 'ms',
      target: `< ${P99_TARGET_MS} ms`,
      pass: load.latencyMs.p99 < P99_TARGET_MS,
    },
    { metric: 'latency max', value: load.latencyMs.max, unit: 'ms' },
    { metric: 'latency p99 from when handed to a connection', value: load.fromSendMs.p99, unit: 'ms' },
    { metric: "the machine's floor: latency p99, bare node:http server, same load", value: floor.latencyMs.p99, unit: 'ms' },
    { metric: "the machine's floor: latency max", value: floor.latencyMs.max, unit: 'ms' },
    { metric: 'non-2xx answers', value: non2xx, unit: '', target: '0', pass: non2xx === 0 },
    { metric: 'connection errors', value: load.errors, unit: '', target: '0', pass: load.errors === 0 },
    // Every request is a new SMS: one outbox row each, none lost, none doubled.
    {
      metric: 'outbox rows (one per request)',
      value: outbox.total,
      unit: 'SMS',
      target: `= ${queued} queued (202, warm-up included)`,
      pass: outbox.total === queued,
    },
    {
      metric: 'accepted by the gateway after the drain',
      value: outbox.accepted,
      unit: 'SMS',
      target: `= ${outbox.total} rows`,
      pass: outbox.accepted === outbox.total && outbox.total > 0,
    },
    {
      metric: '`cafe-sms serve` RSS at rest (worker idle)',
      value: memory.atRestMb,
      unit: 'MB',
      target: `< ${REST_RSS_TARGET_MB} MB`,
      pass: memory.atRestMb < REST_RSS_TARGET_MB,
    },
    { metric: '`cafe-sms serve` RSS after the load', value: memory.afterLoadMb, unit: 'MB' },
    { metric: 'still queued when the load stopped', value: outbox.backlog, unit: 'SMS' },
    {
      metric: 'outbox empty after the load',
      value: outbox.drainMs / 1000,
      unit: 's',
      target: `< ${DRAIN_TARGET_S} s`,
      pass: outbox.drainMs / 1000 < DRAIN_TARGET_S,
    },
  ];
}

const TOKEN = 'bench-token-not-a-secret';
/** The product's own timing (the e2e helper's defaults poll and walk far more often, for quick tests). */
const PRODUCT_TIMING = { WORKER_IDLE_POLL_MS: '500', TRACK_INTERVAL_MS: '5000' };

/**
 * `serve` in live mode against `cafe-sms simulator` in a process of its own, as the server runs at a
 * cafe: the gateway is somebody else's machine. (In sandbox mode the simulator answers the worker's
 * calls on the server's own event loop, which a real server never does.)
 */
async function run(): Promise<BenchResult[]> {
  const floor = await machineFloor();
  const simDir = await createTempDir('cafe-bench-http-sim-');
  const sim = await startSimulatorProcess(simDir.path, TOKEN);
  try {
    const server = await startServe({
      mode: 'live',
      // The worker's pace and concurrency must not be what the drain time measures.
      env: { SMSAPP_API_URL: sim.url, SMSAPP_API_TOKEN: TOKEN, SEND_RATE: '1000000', SEND_CONCURRENCY: '4', ...PRODUCT_TIMING },
    });
    try {
      const key = await server.createApiKey('bench');
      await delay(REST_MS);
      const atRestMb = await rssMb(server.pid);
      const load = await loadMessages(server.url, key);
      const outbox = await drainOutbox(createApiClient(server.url, key));
      return report(load, outbox, floor, { atRestMb, afterLoadMb: await rssMb(server.pid) });
    } finally {
      await server.stop();
    }
  } finally {
    await sim.stop();
    await simDir.remove();
  }
}

const benchmark: Benchmark = { name: 'http-api', run };
export default benchmark;
