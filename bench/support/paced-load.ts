/**
 * An open-loop load at a steady rate, the way wrk2 measures: request n is due at start + n/rate,
 * and its latency counts from then, not from when a free connection let it go. A server that falls
 * behind therefore shows it in the latency, instead of the load quietly slowing down with it.
 *
 * autocannon's `overallRate` was tried first and does not measure this: each connection sends its
 * whole second's quota as fast as it can and then waits for the next second (a burst every second,
 * not a rate), and its coordinated-omission correction assumes one request every millisecond per
 * connection, which repeats every slow answer up to 20 times in the histogram. Against
 * GET /api/health, which does nothing, it reported a p99 of 6-14 ms at 1,000 req/s.
 */
import { Pool } from 'undici';

export interface PacedRequest {
  method: 'POST' | 'GET';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface PacedLoadOptions {
  origin: string;
  /** Requests a second, over all connections. */
  rate: number;
  durationS: number;
  connections: number;
  /** The n-th request (from 0). */
  request: (n: number) => PacedRequest;
}

export interface PacedLoadResult {
  /** Requests due in the run (rate × duration). */
  offered: number;
  /** Answered with any HTTP status. */
  answered: number;
  /** Answered per second of the run. */
  answeredPerSecond: number;
  statusCounts: Record<number, number>;
  /** Requests that failed without an HTTP answer (connection refused or reset). */
  errors: number;
  /** From when each request was due. */
  latencyMs: { p50: number; p99: number; max: number };
  /** From when the load handed each request to its connection pool (it waits there while every connection is busy). */
  fromSendMs: { p50: number; p99: number };
}

const TICK_MS = 1;

function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? Number.NaN;
}

export async function runPacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const pool = new Pool(options.origin, { connections: options.connections, pipelining: 1 });
  const offered = Math.round(options.rate * options.durationS);
  const latencies: number[] = [];
  const fromSend: number[] = [];
  const statusCounts: Record<number, number> = {};
  let errors = 0;
  const pending = new Set<Promise<void>>();
  const started = performance.now();

  const fire = (n: number) => {
    const due = started + (n * 1000) / options.rate;
    const { method, path, headers, body } = options.request(n);
    const sentAt = performance.now();
    const task = pool
      .request({ method, path, headers, ...(body === undefined ? {} : { body }) })
      .then(async (answer) => {
        await answer.body.dump();
        latencies.push(performance.now() - due);
        fromSend.push(performance.now() - sentAt);
        statusCounts[answer.statusCode] = (statusCounts[answer.statusCode] ?? 0) + 1;
      })
      .catch(() => {
        errors += 1;
      })
      .finally(() => pending.delete(task));
    pending.add(task);
  };

  let sent = 0;
  while (sent < offered) {
    const dueNow = Math.min(offered, Math.floor(((performance.now() - started) * options.rate) / 1000) + 1);
    while (sent < dueNow) fire(sent++);
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  const lastDue = performance.now();
  await Promise.all([...pending]);
  await pool.close();
  latencies.sort((a, b) => a - b);
  fromSend.sort((a, b) => a - b);
  return {
    offered,
    answered: latencies.length,
    answeredPerSecond: latencies.length / ((lastDue - started) / 1000),
    statusCounts,
    errors,
    latencyMs: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies.at(-1) ?? Number.NaN },
    fromSendMs: { p50: percentile(fromSend, 0.5), p99: percentile(fromSend, 0.99) },
  };
}
