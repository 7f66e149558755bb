import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { CafeError } from '../errors/index.js';
import { bareJson, failure } from './answers.js';
import { registerAdminRoutes } from './admin-routes.js';
import { API_PREFIX, registerApiRoutes, sendAnswer } from './api-routes.js';
import { createControls, type SimulatorControls } from './controls.js';
import { applyOptions, defaultSettings } from './settings.js';
import { createState, type SimulatorState } from './state.js';
import { countRequest } from './stats.js';
import type { Simulator, SimulatorOptions } from './types.js';

/**
 * Bodies are read whatever their content type, and a body that is not JSON reads as no body at
 * all: the platform then answers its usual validation message rather than a framework error.
 */
function acceptAnyBody(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    // The callback form: it answers through `done`, and its promise type is only the parser union's.
    void parseJson(request, String(body), (error, value) => done(null, error ? undefined : value));
  });
}

/** The simulator's HTTP app, not listening yet. */
export function buildSimulatorApp(state: SimulatorState, controls: SimulatorControls): FastifyInstance {
  const app = Fastify({ logger: false, routerOptions: { ignoreTrailingSlash: true }, forceCloseConnections: true });
  acceptAnyBody(app);
  registerApiRoutes(app, state);
  registerAdminRoutes(app, state.token, controls);
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith(`${API_PREFIX}/`)) countRequest(state.stats, 'unknown');
    return sendAnswer(reply, failure('Not found.', 404));
  });
  app.setErrorHandler((error: { statusCode?: number; message?: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) state.settings.logger.error({ err: error }, 'simulator failed to answer');
    return sendAnswer(reply, status >= 500 ? bareJson(500, { message: 'Server Error' }) : failure(error.message ?? 'Bad request', status));
  });
  return app;
}

function checkAddress(options: SimulatorOptions): { host: string; port: number } {
  if (typeof options.token !== 'string' || options.token.trim() === '') {
    throw new CafeError('invalid_input', 'The simulator needs the bearer token it should accept (option token)', { input: 'token' });
  }
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CafeError('invalid_input', `Simulator port must be a whole number 0-65535 (0 = any free port); got ${port}`, {
      input: 'port',
    });
  }
  return { host, port };
}

function baseUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address === '::' ? '::1' : address.address}]` : address.address;
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}${API_PREFIX}/`;
}

/**
 * Starts a simulator listening on options.host:options.port (127.0.0.1 and any free port by
 * default). Rejects with CafeError invalid_input for a bad option, config when it cannot listen.
 */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const { host, port } = checkAddress(options);
  const { token, host: _host, port: _port, ...tunables } = options;
  const initial = applyOptions(defaultSettings(), tunables);
  const state = createState(token, initial.settings, initial.balance?.value);
  const controls = createControls(state);
  const app = buildSimulatorApp(state, controls);
  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new CafeError('config', `The simulator cannot listen on ${host}:${port} (${reason}): choose another port or host`, {
      input: 'port',
      cause: error,
    });
  }
  const url = baseUrl(app.server.address() as AddressInfo);
  state.settings.logger.debug({ url }, 'simulator listening');
  let closed: Promise<void> | undefined;
  return {
    url,
    token,
    ...controls,
    close() {
      // Answers still held back (latency, delay faults) are dropped rather than waited for.
      state.closing.abort();
      closed ??= app.close();
      return closed;
    },
  };
}
