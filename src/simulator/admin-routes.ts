import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CafeError, isCafeError, toCafeError } from '../errors/index.js';
import { failure, success, type Answer } from './answers.js';
import { sendAnswer } from './api-routes.js';
import { hasBearerToken } from './auth.js';
import type { SimulatorControls } from './controls.js';
import { parseFaultRules } from './faults.js';
import { isObject } from './request-fields.js';
import type { TunableOptions } from './types.js';

export const ADMIN_PREFIX = '/__simulator';

/**
 * Runs an admin action for a caller holding the token. Admin calls see no faults, latency or
 * throttle and are not counted in stats: they are the test's hand, not the client's traffic.
 */
function adminAction(token: string, action: (request: FastifyRequest) => Answer) {
  return (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (!hasBearerToken(request, token)) return sendAnswer(reply, failure('Unauthenticated.', 401));
    try {
      return sendAnswer(reply, action(request));
    } catch (error) {
      const cafeError = toCafeError(error);
      return sendAnswer(reply, failure(cafeError.message, isCafeError(error) && error.code === 'invalid_input' ? 400 : 500));
    }
  };
}

/** Out-of-process control of a running simulator (the CLI's, say), behind the same bearer token. */
export function registerAdminRoutes(app: FastifyInstance, token: string, controls: SimulatorControls): void {
  app.post(
    `${ADMIN_PREFIX}/inbound`,
    adminAction(token, (request) => success(controls.injectInbound(request.body as never))),
  );
  app.get(
    `${ADMIN_PREFIX}/messages`,
    adminAction(token, () => success(controls.records())),
  );
  app.get(
    `${ADMIN_PREFIX}/stats`,
    adminAction(token, () => success(controls.stats())),
  );
  app.post(
    `${ADMIN_PREFIX}/faults`,
    adminAction(token, (request) => {
      const rules = parseFaultRules(request.body);
      controls.injectFaults(...rules);
      return success(null, `${rules.length} fault rule(s) queued`);
    }),
  );
  app.delete(
    `${ADMIN_PREFIX}/faults`,
    adminAction(token, () => {
      controls.clearFaults();
      return success(null, 'Fault rules cleared');
    }),
  );
  app.post(
    `${ADMIN_PREFIX}/options`,
    adminAction(token, (request) => {
      const body = request.body;
      if (isObject(body) && ('now' in body || 'logger' in body)) {
        throw new CafeError('invalid_input', 'Simulator options now and logger can be given in process only, not as JSON', {
          input: 'now' in body ? 'now' : 'logger',
        });
      }
      controls.setOptions(body as TunableOptions);
      return success(null, 'Options updated');
    }),
  );
  app.post(
    `${ADMIN_PREFIX}/reset`,
    adminAction(token, () => {
      controls.reset();
      return success(null, 'Simulator reset');
    }),
  );
}
