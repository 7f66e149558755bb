import { readFileSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../config/index.js';
import { silentLogger, type Logger } from '../log/index.js';
import type { Simulator } from '../simulator/index.js';
import { createGroupCommit, type Database } from '../store/index.js';
import type { AppDeps, Mode, WorkerView } from './app-deps.js';
import { registerAuthentication } from './auth/authenticate.js';
import { createSignInLimiter, type SignInLimitOptions } from './auth/sign-in-limit.js';
import { DEFAULT_SESSION_TTL_MS } from '../access/index.js';
import { toApiError } from './errors.js';
import { buildOpenApiDocument } from './openapi.js';
import { defineRoute, type Route } from './route.js';
import { authRoutes } from './routes/auth.js';
import { balanceRoutes } from './routes/balance.js';
import { campaignRoutes } from './routes/campaigns.js';
import { contactRoutes } from './routes/contacts.js';
import { healthRoutes } from './routes/health.js';
import { inboundRoutes } from './routes/inbound.js';
import { messageRoutes } from './routes/messages.js';
import { overviewRoutes } from './routes/overview.js';
import { sandboxRoutes } from './routes/sandbox.js';
import { settingsRoutes } from './routes/settings.js';
import { userRoutes } from './routes/users.js';
import { registerBodyParsers } from './request-bodies.js';
import { registerSecurityHeaders } from './security-headers.js';
import { answerFrameworkError, answerUnmetExpectation, clientErrorHandler } from './framework-errors.js';
import {
  capConnectionsPerAddress,
  registerIdleTimeout,
  registerRequestDeadlines,
  resolveServerLimits,
  serverTimeoutOptions,
  type ServerLimitOptions,
} from './server-limits.js';
import type { Settings } from '../settings/index.js';
import { DEFAULT_WEB_ROOT, registerStaticFiles } from './static-files.js';

export interface BuildAppOptions {
  /** An open store (see openStore); the app never closes it. */
  store: { db: Kysely<Database> };
  config: Readonly<Config>;
  logger?: Logger;
  mode: Mode;
  /** The outbox worker running beside the server, for the overview. */
  worker?: WorkerView;
  /** The in-process simulator in sandbox mode: POST /api/sandbox/inbound talks to it. */
  sandbox?: Simulator;
  now?: () => Date;
  /** Folder of the built dashboard; web/dist of the package by default; null serves none. */
  webRoot?: string | null;
  /** Told after settings changed through the API (serve restarts the worker with them). */
  onSettingsChanged?: (settings: Settings) => Promise<void> | void;
  signInLimit?: SignInLimitOptions;
  sessionTtlMs?: number;
  /** Largest JSON body in bytes; 1 MiB by default. */
  bodyLimit?: number;
  /** Timeouts and the per-address connection cap; see server-limits.ts for the defaults. */
  serverLimits?: ServerLimitOptions;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function allRoutes(deps: AppDeps): Route[] {
  return [
    ...healthRoutes(deps),
    ...authRoutes(deps),
    ...overviewRoutes(deps),
    ...contactRoutes(deps),
    ...campaignRoutes(deps),
    ...messageRoutes(deps),
    ...inboundRoutes(deps),
    ...settingsRoutes(deps),
    ...userRoutes(deps),
    ...sandboxRoutes(deps),
    ...balanceRoutes(deps),
  ];
}

function openApiRoute(routes: readonly Route[]): Route {
  // Made on first request (and then kept), from every route including this one.
  let document: Record<string, unknown> | undefined;
  const route: Route = defineRoute({
    method: 'GET',
    url: '/api/openapi.json',
    tag: 'meta',
    access: 'public',
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1' } },
    handler: () => (document ??= buildOpenApiDocument([...routes, route], packageVersion())),
  });
  return route;
}

/**
 * The cafe-sms web application: the JSON API under /api and the dashboard at /. Never listens:
 * tests drive it with `app.inject()`, and listen.ts puts it on a socket.
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const logger = options.logger ?? silentLogger();
  const deps: AppDeps = {
    db: options.store.db,
    groupCommit: createGroupCommit(options.store.db),
    config: options.config,
    logger,
    mode: options.mode,
    now: options.now ?? (() => new Date()),
    worker: options.worker,
    sandbox: options.sandbox,
    onSettingsChanged: async (settings) => {
      await options.onSettingsChanged?.(settings);
    },
    signInLimiter: createSignInLimiter(options.store.db, options.signInLimit),
    sessionTtlMs: options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
  };

  const serverLimits = resolveServerLimits(options.serverLimits);
  const app = Fastify({
    // pino's Logger and fastify's logger interface differ only in generics (typescript-eslint cannot
    // see that the assertion changes the instance's type parameter).
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    loggerInstance: logger as FastifyBaseLogger,
    // Fastify's per-request lines would carry URLs at info level on every call; we log failures
    // ourselves, and never headers or cookies.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    return503OnClosing: true,
    ...serverTimeoutOptions(serverLimits),
    clientErrorHandler: clientErrorHandler(logger),
    frameworkErrors: answerFrameworkError,
  });
  capConnectionsPerAddress(app.server, serverLimits.maxConnectionsPerAddress, logger);
  registerIdleTimeout(app.server);
  registerRequestDeadlines(app, serverLimits);
  app.server.on('checkExpectation', answerUnmetExpectation);
  await app.register(fastifyCookie);
  registerBodyParsers(app);
  registerSecurityHeaders(app);
  registerAuthentication(app, { db: deps.db, now: deps.now });

  app.setErrorHandler((error, request, reply) => {
    const answer = toApiError(error);
    if (answer.internal !== undefined) {
      request.log.error({ err: answer.internal, method: request.method, path: request.url.split('?')[0] }, 'request failed');
    }
    if (answer.retryAfterSeconds !== undefined) reply.header('retry-after', String(answer.retryAfterSeconds));
    return reply.code(answer.body.statusCode).send(answer.body);
  });

  const routes = allRoutes(deps);
  for (const route of [...routes, openApiRoute(routes)]) route.register(app);
  await registerStaticFiles(app, options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot);
  return app;
}
