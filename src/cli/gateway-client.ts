import { createGatewayClient, nodeHttpTransport, type GatewayClient } from '../gateway/index.js';
import { requireToken, type CliContext } from './context.js';

/**
 * How many calls the command makes. `few` (send, get, list, balance): Node's own HTTP client, which
 * costs such a short process far less start-up and exit time than undici; `many` (bulk): undici's
 * keep-alive pools, the gateway client's default. See src/gateway/node-http-transport.ts.
 */
export type GatewayCalls = 'few' | 'many';

/** The gateway client as configured; without a token this throws requireToken's error (exit 2). */
export function gatewayClientFor(context: CliContext, calls: GatewayCalls): GatewayClient {
  const config = context.config();
  return createGatewayClient({
    baseUrl: config.apiUrl,
    token: requireToken(config),
    senderId: config.senderId,
    logger: context.logger(),
    ...(calls === 'few' ? { fetch: nodeHttpTransport } : {}),
  });
}
