import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface ListeningServer {
  /** Where to open the dashboard, e.g. http://127.0.0.1:3000/ */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, lets requests in flight finish, then closes. */
  close(): Promise<void>;
}

function urlHost(host: string): string {
  // A wildcard address is not something a browser can open; the machine itself can.
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** Puts a built app on a socket (port 0 picks a free one). */
export async function listen(app: FastifyInstance, options: { host: string; port: number }): Promise<ListeningServer> {
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address() as AddressInfo;
  return {
    url: `http://${urlHost(options.host)}:${address.port}/`,
    port: address.port,
    close: () => app.close(),
  };
}
