import { afterEach } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../index.js';

export const TOKEN = 'test-token-123';
export const SENDER = 'Cafe de Revenue';

export interface CallOptions {
  method?: string;
  /** A value to send as JSON, or a string sent as is. */
  body?: unknown;
  /** Default: the simulator's token; null sends no Authorization header. */
  token?: string | null;
  /** Default application/json; null sends fetch's default (any type). */
  accept?: string | null;
  contentType?: string;
  signal?: AbortSignal;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: any;
}

/** One real HTTP call to the simulator, relative to its base URL (or absolute from '/'). */
export async function call(sim: Simulator, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? sim.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (options.accept !== null) headers.accept = options.accept ?? 'application/json';
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  const url = path.startsWith('/') ? new URL(path, sim.url).href : sim.url + path;
  const response = await fetch(url, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    signal: options.signal,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export function sendOne(sim: Simulator, recipient: string, message = 'Your order is ready', senderId = SENDER): Promise<CallResult> {
  return call(sim, 'sms/send', { body: { recipient, sender_id: senderId, message } });
}

export function sendBulk(sim: Simulator, items: unknown): Promise<CallResult> {
  return call(sim, 'sms/send-bulk-messages', { body: items });
}

export function bulkItem(contact: number, message = 'Fresh croissants today', type = 'text') {
  return { contact, message, type };
}

/** A clock tests move by hand. */
export function fakeClock(start = Date.parse('2025-03-01T10:00:00.000Z')) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/**
 * Registers an afterEach that closes every simulator started through the returned function, so a
 * failing test leaves no server behind.
 */
export function simulators(): (options?: Partial<SimulatorOptions>) => Promise<Simulator> {
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
