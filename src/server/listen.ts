import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface ListeningServer {
  /** Where to open the dashboard, e.g. http://127.0.0.1:3000/ */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, lets requests in flight finish (for `closeDeadlineMs` at most), then closes. */
  close(): Promise<void>;
}

/** Requests in flight get this long to finish when the server stops; then their connections are closed. */
const CLOSE_DEADLINE_MS = 10_000;

function urlHost(host: string): string {
  // A wildcard address is not something a browser can open; the machine itself can.
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** Puts a built app on a socket (port 0 picks a free one). */
export async function listen(
  app: FastifyInstance,
  options: { host: string; port: number; closeDeadlineMs?: number },
): Promise<ListeningServer> {
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address() as AddressInfo;
  return {
    url: `http://${urlHost(options.host)}:${address.port}/`,
    port: address.port,
    close: () => closeWithin(app, options.closeDeadlineMs ?? CLOSE_DEADLINE_MS),
  };
}

/**
 * A client that never finishes its request (a stalled upload, a slow sender) would keep the server,
 * and with it `serve`'s shutdown, waiting for ever: past the deadline its connection is closed.
 */
async function closeWithin(app: FastifyInstance, deadlineMs: number): Promise<void> {
  const deadline = setTimeout(() => app.server.closeAllConnections(), deadlineMs);
  try {
    await app.close();
  } finally {
    clearTimeout(deadline);
  }
}
