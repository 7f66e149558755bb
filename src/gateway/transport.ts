import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type { Dispatcher } from 'undici';

/** One HTTP exchange as the client makes it: the part of fetch it uses. */
export interface TransportRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface TransportResponse {
  status: number;
  headers: { get(name: string): string | null };
  /** The whole body; must be read, or the connection is not given back for reuse. */
  text(): Promise<string>;
}

/** globalThis.fetch fits this type, so tests can watch calls by wrapping it. */
export type GatewayFetch = (url: URL, init: TransportRequest) => Promise<TransportResponse>;

/** Keep-alive connections per gateway origin: a few more than the calls a worker keeps in flight. */
const CONNECTIONS_PER_ORIGIN = 16;

interface Undici {
  request: typeof import('undici').request;
  /** One keep-alive pool per gateway origin, shared by every client of the process (as fetch's is). */
  dispatcher: Dispatcher;
}

let undici: Undici | undefined;

/**
 * undici parses HTTP with llhttp compiled to WebAssembly. Once a parse is hot, V8 compiles llhttp
 * again with its optimising compiler, and that compile of one huge function took some 25 MB of
 * memory for a moment: a sixth of the outbox worker's peak RSS (144 against 116 MB without it, same
 * throughput; docs/benchmarks.md, "Worker memory"). Kept at V8's first WebAssembly tier (Liftoff).
 * The flag is read when a module is compiled, and undici compiles llhttp at its first connection.
 */
const WASM_FIRST_TIER_ONLY = '--liftoff-only';

/**
 * undici (a hundred modules) is loaded by the first request, not by every command that imports the
 * gateway client: `contacts import` and the like never call the gateway. It is CommonJS, so it loads
 * synchronously.
 */
function loadUndici(): Undici {
  setFlagsFromString(WASM_FIRST_TIER_ONLY);
  const module = createRequire(import.meta.url)('undici') as typeof import('undici');
  return { request: module.request, dispatcher: new module.Agent({ connections: CONNECTIONS_PER_ORIGIN }) };
}

/**
 * undici's request API over the process's keep-alive pools: the engine behind Node's fetch without
 * its WHATWG layers, whose CPU cost is measured in docs/stack.md, "Hot paths".
 * Errors, keep-alive handling and timeouts are undici's, the same as fetch's.
 */
export const undiciTransport: GatewayFetch = async (url, init) => {
  undici ??= loadUndici();
  const answer = await undici.request(url, {
    method: init.method,
    headers: init.headers,
    body: init.body,
    signal: init.signal,
    dispatcher: undici.dispatcher,
  });
  return {
    status: answer.statusCode,
    headers: { get: (name) => headerValue(answer.headers[name.toLowerCase()]) },
    text: () => answer.body.text(),
  };
};

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
