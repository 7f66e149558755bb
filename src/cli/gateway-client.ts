import { createGatewayClient, type GatewayClient } from '../gateway/index.js';
import { requireToken, type CliContext } from './context.js';

/** The gateway client as configured; without a token this throws requireToken's error (exit 2). */
export function gatewayClientFor(context: CliContext): GatewayClient {
  const config = context.config();
  return createGatewayClient({
    baseUrl: config.apiUrl,
    token: requireToken(config),
    senderId: config.senderId,
    logger: context.logger(),
  });
}
