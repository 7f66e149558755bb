import { startSimulator, type Simulator, type SimulatorOptions } from '../../../src/simulator/index.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { createTestDatabase } from '../../../src/store/test-support/test-database.js';
import { createTempDir, runCli, startCli, type CliResult, type RunningCli, type TempDir } from '../../support/index.js';
import { writeCustomersCsv, type Customer } from './customers.js';

export const TOKEN = 'crash-test-token-not-a-secret';

/** The promotional template every crash test sends; the opt-out line is appended on its own line. */
export const TEMPLATE = 'Salam {{name}}! Chai is half price today at Cafe de Revenue.';

/** The body the simulator must have recorded for a customer of a promotional campaign. */
export function expectedBody(c: Customer): string {
  // An English (GSM-7) message carries only the English sentence of the default opt-out line.
  return `Salam ${c.name}! Chai is half price today at Cafe de Revenue.\nReply STOP to opt out.`;
}

export interface CrashEnvOptions {
  /** Simulator settings on top of `{ token, deliveryDelayMs: 50 }`. */
  simulator?: Partial<Omit<SimulatorOptions, 'token'>>;
  /** Extra or overriding environment of every child process. */
  env?: Record<string, string>;
  /** PostgreSQL: the processes' connections carry this application_name, so a test can find (and cut) them. */
  applicationName?: string;
}

/** What `campaign status <id> --json` prints (the parts the crash tests read). */
export interface CampaignStatus {
  campaign: { id: number; state: string };
  counts: Record<string, number>;
  total: number;
}

/** A simulator in this process, a SQLite file in a temp folder, and the real CLI pointed at both. */
export interface CrashEnv {
  readonly dir: TempDir;
  readonly sim: Simulator;
  /** The environment given to every `cafe-sms` child process. */
  readonly env: Readonly<Record<string, string>>;
  /** Runs `cafe-sms …args`; rejects (with its output) unless it exits 0. */
  cli(args: string[], options?: { env?: Record<string, string>; timeoutMs?: number }): Promise<CliResult>;
  /** Runs `cafe-sms …args --json` and parses what it printed. */
  cliJson<T>(args: string[], options?: { env?: Record<string, string>; timeoutMs?: number }): Promise<T>;
  /** Starts a long-running `cafe-sms …args` (e.g. the worker). */
  start(args: string[], options?: { env?: Record<string, string> }): RunningCli;
  /** `contacts import` of these customers, all with this tag. */
  importCustomers(list: Iterable<Customer>, tag: string): Promise<void>;
  /** `campaign create` (promotional, TEMPLATE, one tag) and `campaign start`; answers its id. */
  createAndStartCampaign(name: string, tag: string): Promise<number>;
  campaignStatus(id: number): Promise<CampaignStatus>;
  /** The same database file, opened by the test for reads (close it, or let `close()` do it). */
  store(): Promise<Store>;
  close(): Promise<void>;
}

/**
 * Worker timing for tests: idle polls, list walks and the reconcile grace in tens or hundreds of
 * milliseconds rather than seconds. (A SIGKILLed worker is found dead by its pid at once; the stale
 * heartbeat limit is only the fallback.)
 */
const FAST_WORKER = {
  RECONCILE_GRACE_SECONDS: '1',
  WORKER_IDLE_POLL_MS: '50',
  WORKER_STALE_MS: '3000',
  TRACK_INTERVAL_MS: '500',
};

function withApplicationName(url: string, name: string | undefined): string {
  if (name === undefined || !url.startsWith('postgres')) return url;
  const withName = new URL(url);
  withName.searchParams.set('application_name', name);
  return withName.toString();
}

export async function createCrashEnv(options: CrashEnvOptions = {}): Promise<CrashEnv> {
  const dir = await createTempDir('cafe-crash-');
  const sim = await startSimulator({ token: TOKEN, deliveryDelayMs: 50, ...options.simulator });
  const database = await createTestDatabase(dir.file('cafe.db'));
  const env: Record<string, string> = {
    SMSAPP_API_URL: sim.url,
    SMSAPP_API_TOKEN: TOKEN,
    DATABASE_URL: withApplicationName(database.url, options.applicationName),
    QUIET_HOURS: 'off',
    SEND_RATE: '2000',
    LOG_LEVEL: 'info',
    ...FAST_WORKER,
    ...options.env,
  };
  const stores: Store[] = [];

  const cli = async (args: string[], opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> => {
    const result = await runCli(args, { cwd: dir.path, env: { ...env, ...opts.env }, timeoutMs: opts.timeoutMs ?? 30_000 });
    if (result.code !== 0) {
      throw new Error(`cafe-sms ${args.join(' ')} exited with ${result.code ?? result.signal}\n${result.stdout}\n${result.stderr}`);
    }
    return result;
  };
  const cliJson = async <T>(args: string[], opts?: { env?: Record<string, string>; timeoutMs?: number }): Promise<T> =>
    JSON.parse((await cli([...args, '--json'], opts)).stdout) as T;

  return {
    dir,
    sim,
    env,
    cli,
    cliJson,
    start: (args, opts = {}) => startCli(args, { cwd: dir.path, env: { ...env, ...opts.env } }),
    async importCustomers(list, tag) {
      const csv = dir.file(`${tag}.csv`);
      await writeCustomersCsv(csv, list, tag);
      await cliJson(['contacts', 'import', csv]);
    },
    async createAndStartCampaign(name, tag) {
      const created = await cliJson<{ id?: number; campaign?: { id: number } }>([
        'campaign',
        'create',
        '--name',
        name,
        '--message',
        TEMPLATE,
        '--tag',
        tag,
      ]);
      const id = created.id ?? created.campaign?.id;
      if (typeof id !== 'number') throw new Error(`campaign create printed no id: ${JSON.stringify(created)}`);
      await cliJson(['campaign', 'start', String(id)]);
      return id;
    },
    campaignStatus: (id) => cliJson<CampaignStatus>(['campaign', 'status', String(id)]),
    async store() {
      const store = await openStore(env.DATABASE_URL!);
      stores.push(store);
      return store;
    },
    async close() {
      for (const store of stores) await store.close();
      await sim.close();
      await database.drop();
      await dir.remove();
    },
  };
}
