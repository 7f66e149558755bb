// A command's module, loaded only when it runs (see commands/serve.ts, which declares it).
import { ensureAdmin, randomToken, type EnsureAdminResult } from '../access/index.js';
import { Secret, type Config } from '../config/index.js';
import { CafeError, isCafeError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import {
  buildApp,
  createWorkerRunner,
  listen,
  readSettings,
  type ListeningServer,
  type Mode,
  type Settings,
  type WorkerRunner,
} from '../server/index.js';
import { startSimulator, type Simulator } from '../simulator/index.js';
import { openStore, type Store } from '../store/index.js';
import type { CliContext } from './context.js';
import type { OutputOptions } from './output.js';
import { untilStopped } from './stop-signal.js';

export interface ServeFlags extends OutputOptions {
  port?: string;
  host?: string;
  /** false with --no-worker: this server leaves sending to `cafe-sms worker` processes. */
  worker?: boolean;
}

/** In sandbox mode the simulator reports deliveries after about this long, like a real handset. */
const SANDBOX_DELIVERY_DELAY_MS = 3000;

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port > 65535) {
    throw new CafeError('invalid_input', `--port must be a whole number from 0 to 65535 (0 picks a free port), got "${value}"`, {
      input: value,
    });
  }
  return port;
}

function parseHost(value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  if (value.trim() === '')
    throw new CafeError('invalid_input', '--host must not be empty (e.g. 127.0.0.1, or 0.0.0.0 for every interface)');
  return value.trim();
}

/**
 * First start: an `admin` with ADMIN_PASSWORD, or a generated password that is shown here once.
 * Nothing is made when any user exists: the first user ever is an admin however it was made
 * (`user add` follows the same rule, see addUser), so there is always someone to manage staff.
 */
async function makeSureAnAdminExists(store: Store, config: Readonly<Config>): Promise<EnsureAdminResult> {
  try {
    return await ensureAdmin(store.db, config.adminPassword?.reveal(), { now: () => new Date() });
  } catch (error) {
    if (isCafeError(error) && error.code === 'invalid_input' && config.adminPassword !== undefined) {
      throw new CafeError('config', `ADMIN_PASSWORD is not usable: ${error.message}`, {
        input: 'ADMIN_PASSWORD',
      });
    }
    throw error;
  }
}

interface Gateway {
  mode: Mode;
  baseUrl: string;
  token: Secret;
  simulator: Simulator | undefined;
}

/** Live with a token; otherwise the built-in simulator on loopback, with a throwaway token. */
async function chooseGateway(config: Readonly<Config>, settings: Settings, logger: Logger): Promise<Gateway> {
  if (config.apiToken !== undefined) return { mode: 'live', baseUrl: config.apiUrl, token: config.apiToken, simulator: undefined };
  const token = randomToken();
  const simulator = await startSimulator({
    token,
    host: '127.0.0.1',
    port: 0,
    deliveryDelayMs: SANDBOX_DELIVERY_DELAY_MS,
    // The sender id in force may have been changed from the dashboard: the sandbox accepts it.
    senderIds: [settings.senderId],
    logger: logger.child({ component: 'sandbox-simulator' }),
  });
  return { mode: 'sandbox', baseUrl: simulator.url, token: new Secret(token), simulator };
}

function startupLines(server: ListeningServer, gateway: Gateway, admin: EnsureAdminResult): string[] {
  const lines = [`cafe-sms is running at ${server.url}`];
  lines.push(
    gateway.mode === 'sandbox'
      ? 'SANDBOX MODE: no real SMS is sent. Messages go to a built-in simulator; set SMSAPP_API_TOKEN to send for real.'
      : `LIVE MODE: SMS are really sent through ${gateway.baseUrl}`,
  );
  if (admin.created && admin.generatedPassword !== undefined) {
    const rule = '='.repeat(72);
    lines.push(
      rule,
      'First start: created the user "admin". Its password, shown only this once:',
      '',
      `    ${admin.generatedPassword}`,
      '',
      'Sign in with it, and keep it safe (change it with `npx cafe-sms user passwd admin`).',
      rule,
    );
  } else if (admin.created) {
    lines.push('First start: created the user "admin" with the password in ADMIN_PASSWORD.');
  }
  lines.push(`Open ${server.url} in a browser. Stop with Ctrl+C.`);
  return lines;
}

export async function serveCommand(context: CliContext, flags: ServeFlags): Promise<void> {
  const config = context.config();
  const port = parsePort(flags.port, config.port);
  const host = parseHost(flags.host, config.host);
  const logger = context.logger();
  // Listening for signals before anything starts: a Ctrl+C during start-up still shuts down cleanly.
  const stopped = untilStopped();
  const store = await openStore(config.databaseUrl, { logger });
  let gateway: Gateway | undefined;
  let workers: WorkerRunner | undefined;
  let server: ListeningServer | undefined;
  try {
    const admin = await makeSureAnAdminExists(store, config);
    const settings = await readSettings(store.db, config);
    gateway = await chooseGateway(config, settings, logger);
    const runner =
      flags.worker === false
        ? undefined
        : createWorkerRunner({
            db: store.db,
            config,
            logger,
            gateway: { baseUrl: gateway.baseUrl, token: gateway.token },
            ...(store.subscribeWakeUps === undefined ? {} : { workerOptions: { subscribeWakeUps: store.subscribeWakeUps } }),
          });
    workers = runner;
    runner?.start(settings);
    const simulator = gateway.simulator;
    const app = await buildApp({
      store,
      config,
      logger,
      mode: gateway.mode,
      ...(runner === undefined ? {} : { worker: runner }),
      ...(simulator === undefined ? {} : { sandbox: simulator }),
      onSettingsChanged: (changed) => {
        simulator?.setOptions({ senderIds: [changed.senderId] });
        // Not awaited: the request answers at once while the old worker finishes its calls.
        runner?.restart(changed).catch((error: unknown) => logger.error({ err: error }, 'could not restart the outbox worker'));
      },
    });
    server = await listen(app, { host, port }).catch((error: unknown) => {
      throw cannotListen(error, host, port);
    });
    const lines = startupLines(server, gateway, admin);
    if (runner === undefined)
      lines.splice(2, 0, 'This server does not send (--no-worker): messages go out through `npx cafe-sms worker` processes.');
    if (flags.json) {
      const password = admin.created ? admin.generatedPassword : undefined;
      process.stdout.write(
        `${JSON.stringify({ url: server.url, mode: gateway.mode, ...(password === undefined ? {} : { adminPassword: password }) })}\n`,
      );
    } else {
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    const signal = await stopped;
    logger.info({ signal }, 'stopping');
  } finally {
    // Stop taking requests first, then let the worker record its in-flight calls, then close the rest.
    await server?.close();
    await workers?.stop();
    await gateway?.simulator?.close();
    await store.close();
  }
}

function cannotListen(error: unknown, host: string, port: number): CafeError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return new CafeError(
      'config',
      `Port ${port} on ${host} is already in use: stop the other program, or pick another with --port or PORT`,
      {
        input: String(port),
        cause: error,
      },
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new CafeError('config', `Cannot listen on host "${host}": use an address of this machine (e.g. 127.0.0.1) with --host or HOST`, {
      input: host,
      cause: error,
    });
  }
  return new CafeError('internal', `Cannot start the web server on ${host}:${port}: ${(error as Error).message}`, { cause: error });
}
