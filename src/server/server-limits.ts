import type { Server, ServerOptions } from 'node:http';
import { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { CafeError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { clientAddressKey } from './client-address.js';
import { answerOnSocketAndClose, REQUEST_TIMED_OUT, responseInFlight } from './framework-errors.js';

/**
 * How long a client may take, and how many connections it may hold, so that a slow or hostile
 * client cannot stall the server for everyone else.
 */
export interface ServerLimitOptions {
  /** Time to send the request line and headers; default 10 seconds. */
  headersTimeoutMs?: number;
  /** Time to send the rest of a request (its body) once the headers are in, on ordinary routes; default 30 seconds. */
  requestTimeoutMs?: number;
  /**
   * Time to send a whole request on routes that take uploads larger than the server's bodyLimit
   * (the CSV import, up to 50 MB); default 10 minutes, which a 50 MB file at 1 Mbit/s still fits.
   */
  uploadTimeoutMs?: number;
  /** How long a connection may wait idle between requests; default 5 seconds. */
  keepAliveTimeoutMs?: number;
  /** A connection on which nothing moves either way for this long is closed (e.g. a client that stops reading); default 60 seconds. */
  idleTimeoutMs?: number;
  /**
   * Connections open at once from one address; default 128. A cafe behind one router shows as one
   * address, and ten staff browsers open about 6 each: far below it.
   */
  maxConnectionsPerAddress?: number;
}

export type ServerLimits = Readonly<Required<ServerLimitOptions>>;

export const DEFAULT_SERVER_LIMITS: ServerLimits = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  uploadTimeoutMs: 10 * 60_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
  maxConnectionsPerAddress: 128,
});

function positiveWhole(name: keyof ServerLimitOptions, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new CafeError('config', `serverLimits.${name} must be a whole number above 0, got ${value}`, { input: String(value) });
  }
  return value;
}

function notShorter(longer: keyof ServerLimitOptions, shorter: keyof ServerLimitOptions, limits: ServerLimits): void {
  if (limits[longer] < limits[shorter]) {
    throw new CafeError(
      'config',
      `serverLimits.${longer} (${limits[longer]} ms) must not be shorter than serverLimits.${shorter} (${limits[shorter]} ms)`,
    );
  }
}

/** The limits in force: the defaults, with the options given in their place. */
export function resolveServerLimits(options: ServerLimitOptions = {}): ServerLimits {
  const limits: ServerLimits = Object.freeze({
    headersTimeoutMs: positiveWhole('headersTimeoutMs', options.headersTimeoutMs ?? DEFAULT_SERVER_LIMITS.headersTimeoutMs),
    requestTimeoutMs: positiveWhole('requestTimeoutMs', options.requestTimeoutMs ?? DEFAULT_SERVER_LIMITS.requestTimeoutMs),
    uploadTimeoutMs: positiveWhole('uploadTimeoutMs', options.uploadTimeoutMs ?? DEFAULT_SERVER_LIMITS.uploadTimeoutMs),
    keepAliveTimeoutMs: positiveWhole('keepAliveTimeoutMs', options.keepAliveTimeoutMs ?? DEFAULT_SERVER_LIMITS.keepAliveTimeoutMs),
    idleTimeoutMs: positiveWhole('idleTimeoutMs', options.idleTimeoutMs ?? DEFAULT_SERVER_LIMITS.idleTimeoutMs),
    maxConnectionsPerAddress: positiveWhole(
      'maxConnectionsPerAddress',
      options.maxConnectionsPerAddress ?? DEFAULT_SERVER_LIMITS.maxConnectionsPerAddress,
    ),
  });
  // Node refuses a headers timeout longer than the request timeout; the upload one is Node's.
  notShorter('uploadTimeoutMs', 'requestTimeoutMs', limits);
  notShorter('uploadTimeoutMs', 'headersTimeoutMs', limits);
  return limits;
}

/**
 * Node checks the headers and request timeouts on a timer (every 30 s by default), so a timeout
 * could fire up to 30 s late; checking a few times per headers timeout keeps it close.
 */
function checkingIntervalMs(limits: ServerLimits): number {
  return Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4)));
}

/**
 * Fastify's server options for the limits. Node's own request timeout applies to every request
 * alike, so it is the longest any route allows (the upload one); ordinary routes get their
 * shorter deadline from registerRequestDeadlines.
 */
export function serverTimeoutOptions(limits: ServerLimits): {
  connectionTimeout: number;
  keepAliveTimeout: number;
  requestTimeout: number;
  http: ServerOptions;
} {
  return {
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    requestTimeout: limits.uploadTimeoutMs,
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: checkingIntervalMs(limits) },
  };
}

/** Routes whose bodyLimit is above the server's take uploads, and get the upload timeout. */
function deadlineFor(app: FastifyInstance, routeBodyLimit: number | undefined, limits: ServerLimits): number {
  const serverBodyLimit = app.initialConfig.bodyLimit ?? 0;
  const takesUploads = routeBodyLimit !== undefined && routeBodyLimit > serverBodyLimit;
  return takesUploads ? limits.uploadTimeoutMs : limits.requestTimeoutMs;
}

/**
 * A request whose body has not all arrived by its route's deadline (counted from its headers) is
 * answered 408 and its connection closed. What the route does after the body is in is not timed:
 * that is the server's work, not the client's.
 */
export function registerRequestDeadlines(app: FastifyInstance, limits: ServerLimits): void {
  app.addHook('onRequest', async (request, reply) => {
    const socket = request.raw.socket;
    // app.inject() has no socket to close, and Node's own timeout already covers upload routes.
    if (!(socket instanceof Socket)) return;
    const deadlineMs = deadlineFor(app, request.routeOptions.bodyLimit, limits);
    if (deadlineMs >= limits.uploadTimeoutMs) return;
    const deadline = setTimeout(() => {
      if (!request.raw.complete) answerOnSocketAndClose(socket, REQUEST_TIMED_OUT);
    }, deadlineMs);
    deadline.unref();
    reply.raw.once('close', () => clearTimeout(deadline));
  });
}

/**
 * A connection on which nothing moved for idleTimeoutMs. Node would close it whatever it was doing;
 * but a request whose answer the server is still working out (a long import's last rows) is not
 * the client's stall, so it is left to finish. A request still arriving is answered 408; anything
 * else (an answer the client stopped reading, an idle keep-alive) is closed.
 */
function onIdleConnection(socket: Socket): void {
  const response = responseInFlight(socket);
  if (response === undefined || response.headersSent) {
    socket.destroy();
    return;
  }
  if (response.req.complete) return;
  answerOnSocketAndClose(socket, REQUEST_TIMED_OUT);
}

export function registerIdleTimeout(server: Server): void {
  server.on('timeout', onIdleConnection);
}

/**
 * Refuses connections from an address that already holds `max` open, before any of its bytes are
 * read: the socket is reset at once. Logged once each time an address reaches the cap.
 */
export function capConnectionsPerAddress(server: Server, max: number, logger: Logger): void {
  const open = new Map<string, number>();
  const atCap = new Set<string>();
  server.on('connection', (socket: Socket) => {
    // An address is missing only when the socket is already gone.
    if (socket.remoteAddress === undefined) return;
    const address = clientAddressKey(socket.remoteAddress);
    const count = open.get(address) ?? 0;
    if (count >= max) {
      if (!atCap.has(address)) logger.warn({ address, max }, 'refusing connections: too many open from one address');
      atCap.add(address);
      socket.resetAndDestroy();
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
      atCap.delete(address);
    });
  });
}
