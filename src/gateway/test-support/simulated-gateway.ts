import { createServer } from 'node:net';
import { afterEach } from 'vitest';
import { Secret } from '../../config/index.js';
import type { CafeError } from '../../errors/index.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/index.js';
import { createGatewayClient, type GatewayClient, type GatewayClientOptions, type SendOutcome } from '../index.js';

/** Looks like the platform's tokens, so a leak would be easy to spot in any output. */
export const TOKEN = '7|TestTokenXs6pv2dspHJq8sWLhrpNFH5Y';
export const SENDER = 'Cafe de Revenue';

/** Starts simulators that are closed after each test of the file that calls it. */
export function useSimulators(): (options?: Partial<SimulatorOptions>) => Promise<Simulator> {
  const open: Simulator[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((sim) => sim.close()));
  });
  return async (options = {}) => {
    const sim = await startSimulator({ token: TOKEN, ...options });
    open.push(sim);
    return sim;
  };
}

/** A client of the simulator with test-sized timeouts and backoff. */
export function clientOf(sim: { url: string }, options: Partial<GatewayClientOptions> = {}): GatewayClient {
  return createGatewayClient({
    baseUrl: sim.url,
    token: new Secret(TOKEN),
    senderId: SENDER,
    timeoutMs: 2_000,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
    ...options,
  });
}

/** A sleep that only writes down how long it was asked to wait. */
export function recordingSleep(): { delays: number[]; sleep: (ms: number) => Promise<void> } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms: number) => {
      delays.push(ms);
    },
  };
}

/** A local port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Phone numbers that end in 1..8, so the simulator delivers them (0 and 9 fail). */
export function phone(i: number): string {
  return `92300${String(1_000_000 + i * 10 + 1 + (i % 8)).slice(-7)}`;
}

/** The error of a send that failed (a test of a failure path throws if it was accepted). */
export function errorOf(outcome: SendOutcome): CafeError {
  if (outcome.outcome === 'accepted') throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome.error;
}

/** The CafeError a call threw (a test of a failure path throws if it did not). */
export async function thrownBy(promise: Promise<unknown>): Promise<CafeError> {
  try {
    await promise;
  } catch (error) {
    return error as CafeError;
  }
  throw new Error('expected the call to throw');
}
