/**
 * Workers sharing one PostgreSQL database, against `cafe-sms simulator` in its own process: a
 * 100,000-recipient campaign sent by 1, then 2, then 4 `cafe-sms worker --until-idle` processes
 * started together (each run in a fresh schema), beside one SQLite worker on the same campaign in
 * the same run for the ratio. Reports msg/s, the ratio to SQLite, the workers' peak RSS, the
 * recipients the simulator received more than once (must be 0: claims use FOR UPDATE SKIP LOCKED),
 * and where the CPU went (workers, PostgreSQL server, simulator, the whole machine), which is what
 * limits the scaling on a machine with few cores. The workers' connections carry the schema's name
 * as application_name, so their backends can be told from other clients of a shared server; their
 * busiest statements are printed (stderr) as a sampling profile of pg_stat_activity.
 * Set-up per run: `cafe-sms db migrate` (PostgreSQL stores only check the schema), the audience
 * through the store, the campaign created and started through the CLI; it is not timed.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SCHEMA_CHANGE_LOCK } from '../src/store/migrate.js';
import { createTempDir, runCli, type CliResult, type TempDir } from '../test/support/index.js';
import { BENCH_TEMPLATE, benchBody, benchCustomer, seedAudience } from './support/campaign-audience.js';
import { buildBulkBodies, runReferenceClient } from './support/reference-client.js';
import { startSimulatorProcess, type SimulatorProcess } from './support/simulator-process.js';
import type { BenchResult, Benchmark } from './support/types.js';

const TOKEN = 'bench-token-not-a-secret';
const RECIPIENTS = 100_000;
const WORKER_COUNTS = [1, 2, 4] as const;
const WARM_UP = 5_000;
/** Calls in flight per worker, as bench/campaign.ts sends. */
const CONCURRENCY = 4;
const TAG = 'bench';
const POSTGRES_URL = process.env['CAFE_BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const PEAK_RSS_PRELOAD = fileURLToPath(new URL('./support/report-peak-rss.mjs', import.meta.url));
/** /proc reports CPU time in USER_HZ ticks, which Linux fixes at 100 for user space. */
const TICKS_PER_SECOND = 100;
const N = RECIPIENTS.toLocaleString('en');

// ---------------------------------------------------------------------------------------------
// CPU accounting from /proc: the bench can name every process that works during a run.

interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** utime + stime, in seconds. */
  ownCpu: number;
  /** cutime + cstime: children that have exited and been waited for, in seconds. */
  reapedChildrenCpu: number;
}

async function readProcStat(pid: number | 'self'): Promise<ProcStat | undefined> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // it exited between the listing and the read
  }
  // comm may hold spaces and parentheses: the fields after it start past the last ')'.
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  const tick = (i: number) => Number(fields[i]) / TICKS_PER_SECOND;
  return {
    pid: Number(text.slice(0, text.indexOf(' '))),
    comm: text.slice(text.indexOf('(') + 1, close),
    ppid: Number(fields[1]),
    ownCpu: tick(11) + tick(12),
    reapedChildrenCpu: tick(13) + tick(14),
  };
}

async function allProcesses(): Promise<ProcStat[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const stats = await Promise.all(pids.map((pid) => readProcStat(pid)));
  return stats.filter((stat): stat is ProcStat => stat !== undefined);
}

/**
 * CPU seconds of the PostgreSQL server so far. A backend lives only as long as its client's
 * connection, so live processes alone would miss the workers' backends once they exit; the
 * postmaster reaps them, and its cutime/cstime carry their CPU time. Other clients of the same
 * server (tests running meanwhile) are counted too: run the benchmark on a quiet server.
 */
async function postgresCpuSeconds(): Promise<number> {
  const postgres = (await allProcesses()).filter((p) => p.comm === 'postgres');
  return postgres.reduce((sum, p) => sum + p.ownCpu + p.reapedChildrenCpu, 0);
}

/**
 * CPU seconds of this process's children that have exited and been waited for. Around a run that
 * is exactly the workers' total: reading each worker's /proc/<pid>/stat would lose whatever it
 * spent after the last reading, since the entry goes when the process does.
 */
async function reapedChildrenCpuSeconds(): Promise<number> {
  return (await readProcStat('self'))?.reapedChildrenCpu ?? 0;
}

/** Busy CPU seconds of the whole machine (every process, ours or not): /proc/stat less idle and iowait. */
async function machineBusySeconds(): Promise<number> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!;
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

/** The simulator's pid: SimulatorProcess does not expose its child, so find our child that runs it. */
async function findSimulatorPid(): Promise<number> {
  for (const p of await allProcesses()) {
    if (p.ppid !== process.pid) continue;
    const cmdline = await readFile(`/proc/${p.pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.split('\0').includes('simulator')) return p.pid;
  }
  throw new Error('could not find the simulator process among this process’s children');
}

interface CpuSample {
  workers: number;
  /** Every postgres process: the backends serving the workers, but also other clients' and the server's own. */
  postgres: number;
  simulator: number;
  machine: number;
}

async function sampleCpu(simulatorPid: number): Promise<CpuSample> {
  const [workers, postgres, simulator, machine] = await Promise.all([
    reapedChildrenCpuSeconds(),
    postgresCpuSeconds(),
    readProcStat(simulatorPid),
    machineBusySeconds(),
  ]);
  return { workers, postgres, simulator: simulator?.ownCpu ?? Number.NaN, machine };
}

const cpuSpent = (before: CpuSample, after: CpuSample): CpuSample => ({
  workers: after.workers - before.workers,
  postgres: after.postgres - before.postgres,
  simulator: after.simulator - before.simulator,
  machine: after.machine - before.machine,
});

const BACKEND_POLL_MS = 250;

/** What the backends serving one run did, as seen by polling pg_stat_activity. */
interface BackendWatch {
  /** CPU seconds of those backends (each one's last reading: at most one poll's worth is missed as it exits). */
  cpu: number;
  /** Active backends seen per wait event and statement, most frequent first: a sampling profile. */
  activity: [string, number][];
}

/**
 * Follows the backends whose application_name is `applicationName` (the run's workers alone, the
 * machine's PostgreSQL being shared with others): their CPU from /proc, and what they wait on.
 */
function watchBackends(applicationName: string): { stop(): Promise<BackendWatch> } {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000, application_name: 'cafe-bench-monitor' });
  const cpuByPid = new Map<number, number>();
  const activity = new Map<string, number>();
  const poll = async () => {
    const { rows } = await client.query<{ pid: number; state: string | null; wait: string | null; query: string }>(
      `select pid, state, wait_event_type || ':' || wait_event as wait, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) as query
         from pg_stat_activity where application_name = $1`,
      [applicationName],
    );
    for (const row of rows) {
      if (row.state === 'active') {
        const key = `${row.wait ?? 'on CPU'}  ${row.query}`;
        activity.set(key, (activity.get(key) ?? 0) + 1);
      }
    }
    const stats = await Promise.all(rows.map((row) => readProcStat(row.pid)));
    for (const stat of stats) if (stat) cpuByPid.set(stat.pid, stat.ownCpu);
  };
  const connected = client.connect();
  let stopped = false;
  const loop = (async () => {
    await connected;
    while (!stopped) {
      await poll();
      await delay(BACKEND_POLL_MS);
    }
  })();
  // A failed poll surfaces in stop(); until then it must not count as an unhandled rejection.
  loop.catch(() => undefined);
  return {
    async stop() {
      stopped = true;
      try {
        await loop;
      } finally {
        await client.end();
      }
      const cpu = [...cpuByPid.values()].reduce((sum, seconds) => sum + seconds, 0);
      return { cpu, activity: [...activity.entries()].sort((a, b) => b[1] - a[1]) };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Databases: a SQLite file, or a fresh PostgreSQL schema dropped afterwards.

interface Database {
  url: string;
  /** The application_name the workers' connections carry, to tell their backends from others'. */
  applicationName?: string;
  drop(): Promise<void>;
}

async function onPostgres(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The schema does not exist yet: cafe-sms creates it when the audience is seeded. */
function freshPostgresSchema(): Database {
  const schema = `bench_pg_${randomBytes(6).toString('hex')}`;
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('schema', schema);
  url.searchParams.set('application_name', schema);
  return {
    url: url.toString(),
    applicationName: schema,
    // Under the lock migrations take (src/store/migrate.ts): another process migrating meanwhile
    // looks through the catalog and fails on a schema dropped under it.
    drop: () =>
      onPostgres(
        `select pg_advisory_lock(${SCHEMA_CHANGE_LOCK}); drop schema if exists ${schema} cascade; ` +
          `select pg_advisory_unlock(${SCHEMA_CHANGE_LOCK})`,
      ),
  };
}

// ---------------------------------------------------------------------------------------------
// The campaign and its workers.

interface Campaign {
  cwd: string;
  databaseUrl: string;
  id: number;
  seedMs: number;
}

function childEnv(databaseUrl: string, sim: SimulatorProcess, rssFile?: string): Record<string, string> {
  return {
    SMSAPP_API_URL: sim.url,
    SMSAPP_API_TOKEN: TOKEN,
    DATABASE_URL: databaseUrl,
    QUIET_HOURS: 'off',
    SEND_RATE: '1000000', // the shared pace must not be what limits the workers
    SEND_CONCURRENCY: String(CONCURRENCY),
    LOG_LEVEL: 'warn',
    ...(rssFile ? { CAFE_BENCH_PEAK_RSS_FILE: rssFile } : {}),
  };
}

async function cliJson<T>(args: string[], cwd: string, env: Record<string, string>): Promise<T> {
  const result = await runCli([...args, '--json'], { cwd, env, timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`cafe-sms ${args.join(' ')} exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/**
 * Creates the tables, seeds the audience through the store, then creates and starts the campaign
 * through the CLI. On PostgreSQL the store only checks the schema (the operator upgrades a shared
 * database once, with `db migrate`), so the bench takes that step as an operator would.
 */
async function prepareCampaign(cwd: string, databaseUrl: string, sim: SimulatorProcess): Promise<Campaign> {
  mkdirSync(cwd, { recursive: true });
  const env = childEnv(databaseUrl, sim);
  await cliJson(['db', 'migrate'], cwd, env);
  const started = performance.now();
  await seedAudience(databaseUrl, RECIPIENTS, TAG);
  const seedMs = performance.now() - started;
  const created = await cliJson<{ id?: number; campaign?: { id: number } }>(
    ['campaign', 'create', '--name', 'Bench workers', '--message', BENCH_TEMPLATE, '--tag', TAG],
    cwd,
    env,
  );
  const id = created.id ?? created.campaign?.id;
  if (typeof id !== 'number') throw new Error(`campaign create printed no id: ${JSON.stringify(created)}`);
  await cliJson(['campaign', 'start', String(id)], cwd, env);
  return { cwd, databaseUrl, id, seedMs };
}

async function readPeakRssMb(file: string): Promise<number> {
  return (Number((await readFile(file, 'utf8')).trim()) * 1024) / 1e6;
}

interface WorkersRun {
  wallMs: number;
  /** The largest peak RSS among the run's workers. */
  peakRssMb: number;
  cpu: CpuSample;
  /** PostgreSQL only: the run's own backends. */
  backends?: BackendWatch;
  /** Messages each worker accepted (its --json summary): how the claims were shared. */
  acceptedPerWorker: number[];
}

function workerFailure(index: number, result: CliResult): Error {
  return new Error(`worker ${index} exited with ${result.code ?? result.signal}:\n${result.stdout}\n${result.stderr.slice(-4000)}`);
}

interface TimedWorkers {
  results: CliResult[];
  wallMs: number;
  cpu: CpuSample;
}

/** Spawns every worker before awaiting any, so they start together and compete from the first claim. */
async function timeWorkers(
  campaign: Campaign,
  sim: SimulatorProcess,
  simulatorPid: number,
  rssFiles: readonly string[],
): Promise<TimedWorkers> {
  const before = await sampleCpu(simulatorPid);
  const started = performance.now();
  const results = await Promise.all(
    rssFiles.map((rssFile) =>
      runCli(['worker', '--until-idle', '--json'], {
        cwd: campaign.cwd,
        env: childEnv(campaign.databaseUrl, sim, rssFile),
        nodeArgs: ['--import', PEAK_RSS_PRELOAD],
        asInstalled: true,
        timeoutMs: 900_000,
      }),
    ),
  );
  const wallMs = performance.now() - started;
  return { results, wallMs, cpu: cpuSpent(before, await sampleCpu(simulatorPid)) };
}

/** `count` workers started at once, from the first spawn until the last has exited. */
async function runWorkers(
  campaign: Campaign,
  sim: SimulatorProcess,
  simulatorPid: number,
  count: number,
  applicationName?: string,
): Promise<WorkersRun> {
  const rssFiles = Array.from({ length: count }, (_, i) => path.join(campaign.cwd, `worker-${i}-peak-rss.txt`));
  const watch = applicationName === undefined ? undefined : watchBackends(applicationName);
  let timed: TimedWorkers;
  let backends: BackendWatch | undefined;
  try {
    timed = await timeWorkers(campaign, sim, simulatorPid, rssFiles);
  } finally {
    backends = await watch?.stop();
  }
  const { results, wallMs, cpu } = timed;
  results.forEach((result, i) => {
    if (result.code !== 0) throw workerFailure(i, result);
  });
  const peaks = await Promise.all(rssFiles.map(readPeakRssMb));
  const acceptedPerWorker = results.map((result) => Number((JSON.parse(result.stdout) as { accepted?: number }).accepted ?? 0));
  return { wallMs, peakRssMb: Math.max(...peaks), cpu, acceptedPerWorker, ...(backends ? { backends } : {}) };
}

// ---------------------------------------------------------------------------------------------
// What the simulator received, and what the database says.

interface Received {
  total: number;
  /** Recipients who received more than one message. */
  recipientsTwice: number;
}

/** Reads the simulator's records through its admin endpoint (SimulatorProcess only counts them). */
async function readReceived(sim: SimulatorProcess): Promise<Received> {
  const response = await fetch(new URL('/__simulator/messages', sim.url), {
    headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json' },
    signal: AbortSignal.timeout(60_000),
  });
  const answer = (await response.json()) as { status?: string; data?: { to: string }[] };
  if (answer.status !== 'success' || !Array.isArray(answer.data))
    throw new Error(`the simulator's list of messages failed: ${response.status}`);
  const perPhone = new Map<string, number>();
  for (const record of answer.data) perPhone.set(record.to, (perPhone.get(record.to) ?? 0) + 1);
  let recipientsTwice = 0;
  for (const times of perPhone.values()) if (times > 1) recipientsTwice += 1;
  return { total: answer.data.length, recipientsTwice };
}

async function campaignState(campaign: Campaign, sim: SimulatorProcess): Promise<string> {
  const status = await cliJson<{ campaign: { state: string } }>(
    ['campaign', 'status', String(campaign.id)],
    campaign.cwd,
    childEnv(campaign.databaseUrl, sim),
  );
  return status.campaign.state;
}

interface Outcome {
  label: string;
  workers: number;
  run: WorkersRun;
  received: Received;
  state: string;
  seedMs: number;
}

/** One campaign, prepared, sent by `workers` processes and checked; the simulator is left empty. */
async function sendCampaign(
  label: string,
  cwd: string,
  database: Database,
  workers: number,
  sim: SimulatorProcess,
  simulatorPid: number,
): Promise<Outcome> {
  const campaign = await prepareCampaign(cwd, database.url, sim);
  await sim.reset();
  const run = await runWorkers(campaign, sim, simulatorPid, workers, database.applicationName);
  const received = await readReceived(sim);
  await sim.reset();
  const state = await campaignState(campaign, sim);
  const outcome = { label, workers, run, received, state, seedMs: campaign.seedMs };
  process.stderr.write(`  ${describe(outcome)}\n`);
  return outcome;
}

async function sendOnSqlite(root: TempDir, sim: SimulatorProcess, simulatorPid: number): Promise<Outcome> {
  const cwd = root.file('sqlite');
  return sendCampaign('SQLite, 1 worker', cwd, { url: path.join(cwd, 'cafe.db'), drop: async () => {} }, 1, sim, simulatorPid);
}

async function sendOnPostgres(root: TempDir, sim: SimulatorProcess, simulatorPid: number, workers: number): Promise<Outcome> {
  const database = freshPostgresSchema();
  try {
    return await sendCampaign(
      `PostgreSQL, ${workers} worker${workers === 1 ? '' : 's'}`,
      root.file(`postgres-${workers}`),
      database,
      workers,
      sim,
      simulatorPid,
    );
  } finally {
    await database.drop();
  }
}

// ---------------------------------------------------------------------------------------------
// Report.

const perSecond = (ms: number) => Math.round((RECIPIENTS / ms) * 1000);
const oneDecimal = (value: number) => Math.round(value * 10) / 10;
const twoDecimals = (value: number) => Math.round(value * 100) / 100;

const seconds = (value: number) => `${value.toFixed(1)} s`;
const TOP_ACTIVITY = 6;

function describe(o: Outcome): string {
  const { workers, postgres, simulator, machine } = o.run.cpu;
  const backends = o.run.backends ? `, its own backends ${seconds(o.run.backends.cpu)}` : '';
  return (
    `${o.label}: ${perSecond(o.run.wallMs)} msg/s over ${seconds(o.run.wallMs / 1000)} wall (seeding took ${seconds(o.seedMs / 1000)}); ` +
    `CPU: workers ${seconds(workers)}, postgres ${seconds(postgres)}${backends}, simulator ${seconds(simulator)}, ` +
    `whole machine ${seconds(machine)}; ` +
    `accepted per worker ${o.run.acceptedPerWorker.join('/')}; campaign ${o.state}, ${o.received.total} received`
  );
}

/** The statements the run's backends were most often seen busy with, and on what they waited. */
function describeActivity(o: Outcome): string {
  const activity = o.run.backends?.activity ?? [];
  const total = activity.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return '';
  const lines = activity.slice(0, TOP_ACTIVITY).map(([what, n]) => `    ${String(Math.round((n / total) * 100)).padStart(3)}%  ${what}`);
  return `  ${o.label}: active backends sampled every ${BACKEND_POLL_MS} ms (${total} samples), most often:\n${lines.join('\n')}\n`;
}

function completedRow(o: Outcome): BenchResult {
  const complete = o.state === 'completed' && o.received.total === RECIPIENTS;
  return {
    metric: `${o.label}: messages the simulator received (campaign ${o.state})`,
    value: o.received.total,
    unit: 'messages',
    target: `= ${N}, completed`,
    pass: complete,
  };
}

function cpuRows(o: Outcome): BenchResult[] {
  const { workers, postgres, simulator, machine } = o.run.cpu;
  const backends = o.run.backends;
  return [
    { metric: `${o.label}: CPU of the workers`, value: oneDecimal(workers), unit: 's' },
    ...(backends
      ? [
          { metric: `${o.label}: CPU of the PostgreSQL backends serving the workers`, value: oneDecimal(backends.cpu), unit: 's' },
          { metric: `${o.label}: PostgreSQL backend CPU per message`, value: twoDecimals((backends.cpu / RECIPIENTS) * 1000), unit: 'ms' },
        ]
      : []),
    { metric: `${o.label}: CPU of every postgres process (other clients of the server included)`, value: oneDecimal(postgres), unit: 's' },
    { metric: `${o.label}: CPU of the simulator`, value: oneDecimal(simulator), unit: 's' },
    {
      metric: `${o.label}: cores busy, whole machine (every process's CPU / wall; it has ${availableParallelism()})`,
      value: twoDecimals(machine / (o.run.wallMs / 1000)),
      unit: 'cores',
    },
  ];
}

function postgresRows(o: Outcome, sqliteRate: number): BenchResult[] {
  const rate = perSecond(o.run.wallMs);
  return [
    { metric: `${o.label}: ${N} recipients, start to all exited`, value: rate, unit: 'msg/s' },
    { metric: `${o.label}: ratio to the SQLite worker`, value: twoDecimals(rate / sqliteRate), unit: 'x' },
    { metric: `${o.label}: peak RSS (largest of the workers)`, value: Math.round(o.run.peakRssMb), unit: 'MB' },
    {
      metric: `${o.label}: rows claimed twice (recipients who received more than one message)`,
      value: o.received.recipientsTwice,
      unit: 'recipients',
      target: '0',
      pass: o.received.recipientsTwice === 0,
    },
    completedRow(o),
    ...cpuRows(o),
  ];
}

function sqliteRows(o: Outcome): BenchResult[] {
  return [
    { metric: `${o.label}: ${N} recipients, start to exit`, value: perSecond(o.run.wallMs), unit: 'msg/s' },
    { metric: `${o.label}: peak RSS`, value: Math.round(o.run.peakRssMb), unit: 'MB' },
    completedRow(o),
    ...cpuRows(o),
  ];
}

/** What limits the scaling, in words, from the largest run's CPU accounting. */
function closingNote(outcomes: readonly Outcome[]): string {
  const largest = outcomes[outcomes.length - 1]!;
  const { workers, postgres, simulator, machine } = largest.run.cpu;
  const wall = largest.run.wallMs / 1000;
  const cores = availableParallelism();
  const busy = machine / wall;
  const verdict =
    busy >= cores * 0.9
      ? `the ${cores} cores are saturated (${busy.toFixed(2)} busy)`
      : `${busy.toFixed(2)} of the ${cores} cores are busy`;
  const backends = largest.run.backends ? ` (${seconds(largest.run.backends.cpu)} of it in the backends serving the workers)` : '';
  const others = machine - workers - postgres - simulator;
  return (
    `with ${largest.workers} workers ${verdict}: workers used ${seconds(workers)} CPU, postgres ${seconds(postgres)}${backends}, ` +
    `simulator ${seconds(simulator)}, everything else on the machine ${seconds(Math.max(0, others))}, over ${seconds(wall)} wall`
  );
}

async function warmSimulator(sim: SimulatorProcess): Promise<void> {
  // The simulator's code is cold at first; warm it so the first run does not pay for its JIT.
  const messages = Array.from({ length: WARM_UP }, (_, i) => ({ to: benchCustomer(i).phone, message: benchBody(i) }));
  await runReferenceClient(sim.url, TOKEN, buildBulkBodies(messages), WARM_UP, CONCURRENCY);
  await sim.reset();
}

const postgresWorkersBenchmark: Benchmark = {
  name: 'postgres-workers (100,000 sent by 1, 2, 4 workers on PostgreSQL; 1 on SQLite)',
  async run() {
    const root = await createTempDir('cafe-bench-pg-workers-');
    let sim: SimulatorProcess | undefined;
    try {
      sim = await startSimulatorProcess(root.path, TOKEN);
      const simulatorPid = await findSimulatorPid();
      await warmSimulator(sim);
      const sqlite = await sendOnSqlite(root, sim, simulatorPid);
      const sqliteRate = perSecond(sqlite.run.wallMs);
      const outcomes: Outcome[] = [];
      for (const workers of WORKER_COUNTS) outcomes.push(await sendOnPostgres(root, sim, simulatorPid, workers));
      process.stderr.write(outcomes.map(describeActivity).join(''));
      process.stderr.write(`  ${closingNote(outcomes)}\n`);
      return [...sqliteRows(sqlite), ...outcomes.flatMap((o) => postgresRows(o, sqliteRate))];
    } finally {
      await sim?.stop();
      await root.remove();
    }
  },
};

export default postgresWorkersBenchmark;
