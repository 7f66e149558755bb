/**
 * Campaigns end to end through the outbox worker, against `cafe-sms simulator` in its own process:
 * (1) a 100,000-recipient campaign sent by `cafe-sms worker --until-idle` (materialising, claiming,
 *     sending, recording, the closing look at the gateway's list), beside the reference client
 *     posting prebuilt 50-message bodies to the same simulator. Beside both, the durable floor
 *     (support/durable-floor.ts): the least any exactly-once outbox must do per message, measured
 *     the same way; the worker must reach 0.6x of it (issue 12: the honest yardstick, where the
 *     reference writes nothing at all);
 * (2) the worker's peak RSS for a 10,000- and a 1,000,000-recipient campaign (< 120 MB, and the
 *     large within 1.2x the small). Sending a million through the simulator takes too long for a
 *     benchmark run, so the large run is measured over materialising all 1,000,000 outbox rows
 *     plus sending the first 100,000, then a SIGTERM; the output says so.
 */
import { readFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/index.js';
import { createTempDir, runCli, startCli, type TempDir } from '../test/support/index.js';
import { BENCH_TEMPLATE, benchBody, benchCustomer, seedAudience } from './support/campaign-audience.js';
import { runDurableFloor } from './support/durable-floor.js';
import { buildBulkBodies, runReferenceClient, type ReferenceMessage } from './support/reference-client.js';
import { startSimulatorProcess, type SimulatorProcess } from './support/simulator-process.js';
import type { BenchResult, Benchmark } from './support/types.js';

const TOKEN = 'bench-token-not-a-secret';
const THROUGHPUT_RECIPIENTS = 100_000;
const SMALL = 10_000;
const LARGE = 1_000_000;
const LARGE_SENT = 100_000;
const WARM_UP = 5_000;
/** Calls in flight, the worker's (SEND_CONCURRENCY) and the reference client's alike. */
const CONCURRENCY = 4;
/** Issue 12: the worker within 0.6x of the durable floor measured in the same run. */
const FLOOR_RATIO_TARGET = 0.6;
const RSS_TARGET_MB = 120;
const RSS_GROWTH_TARGET = 1.2;
const TAG = 'bench';
const PEAK_RSS_PRELOAD = fileURLToPath(new URL('./support/report-peak-rss.mjs', import.meta.url));

/** One campaign's own folder and database, so the runs do not see each other's rows. */
interface CampaignSetup {
  cwd: string;
  databaseUrl: string;
  id: number;
  /** Time to write the contacts through the store. */
  seedMs: number;
}

function childEnv(setup: { databaseUrl: string }, sim: SimulatorProcess, rssFile?: string): Record<string, string> {
  return {
    SMSAPP_API_URL: sim.url,
    SMSAPP_API_TOKEN: TOKEN,
    DATABASE_URL: setup.databaseUrl,
    QUIET_HOURS: 'off',
    SEND_RATE: '1000000', // the pace must not be what limits the worker
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

async function prepareCampaign(root: TempDir, sim: SimulatorProcess, recipients: number): Promise<CampaignSetup> {
  const cwd = root.file(`campaign-${recipients}`);
  mkdirSync(cwd, { recursive: true });
  const databaseUrl = path.join(cwd, 'cafe.db');
  const started = performance.now();
  await seedAudience(databaseUrl, recipients, TAG);
  const seedMs = performance.now() - started;
  const env = childEnv({ databaseUrl }, sim);
  const created = await cliJson<{ id?: number; campaign?: { id: number } }>(
    ['campaign', 'create', '--name', `Bench ${recipients}`, '--message', BENCH_TEMPLATE, '--tag', TAG],
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

interface WorkerRun {
  wallMs: number;
  peakRssMb: number;
  summary: { durationMs?: number; accepted?: number; [key: string]: unknown };
}

/** `cafe-sms worker --until-idle --json` from start to exit, with its peak RSS. */
async function runWorkerUntilIdle(setup: CampaignSetup, sim: SimulatorProcess): Promise<WorkerRun> {
  const rssFile = path.join(setup.cwd, 'worker-peak-rss.txt');
  const started = performance.now();
  const result = await runCli(['worker', '--until-idle', '--json'], {
    cwd: setup.cwd,
    env: childEnv(setup, sim, rssFile),
    nodeArgs: ['--import', PEAK_RSS_PRELOAD],
    asInstalled: true,
    timeoutMs: 900_000,
  });
  const wallMs = performance.now() - started;
  if (result.code !== 0)
    throw new Error(`cafe-sms worker exited with ${result.code ?? result.signal}:\n${result.stdout}\n${result.stderr.slice(-4000)}`);
  return { wallMs, peakRssMb: await readPeakRssMb(rssFile), summary: JSON.parse(result.stdout) as WorkerRun['summary'] };
}

interface PartialRun {
  peakRssMb: number;
  materialiseMs: number;
  sent: number;
  wallMs: number;
}

/**
 * `cafe-sms worker` (no --until-idle) on the large campaign: runs until every outbox row exists
 * and `sendFirst` of them were answered, then SIGTERM (the worker records its calls in flight and
 * exits 0, writing its peak RSS).
 */
async function runWorkerPartially(setup: CampaignSetup, sim: SimulatorProcess, sendFirst: number): Promise<PartialRun> {
  const rssFile = path.join(setup.cwd, 'worker-peak-rss.txt');
  const store = await openStore(setup.databaseUrl);
  const started = performance.now();
  const worker = startCli(['worker'], {
    cwd: setup.cwd,
    env: childEnv(setup, sim, rssFile),
    nodeArgs: ['--import', PEAK_RSS_PRELOAD],
    asInstalled: true,
  });
  let materialiseMs = Number.NaN;
  let sent: number;
  try {
    for (;;) {
      await delay(500);
      if (worker.child.exitCode !== null) throw new Error(`the worker ended early:\n${worker.stderr().slice(-4000)}`);
      const campaign = await store.db.selectFrom('campaigns').select('enqueued_at').where('id', '=', setup.id).executeTakeFirstOrThrow();
      if (campaign.enqueued_at !== null && Number.isNaN(materialiseMs)) materialiseMs = performance.now() - started;
      const answered = await store.db
        .selectFrom('outbox_messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('campaign_id', '=', setup.id)
        .where('state', 'in', ['accepted', 'delivered', 'failed', 'unknown'])
        .executeTakeFirstOrThrow();
      sent = Number(answered.n);
      if (!Number.isNaN(materialiseMs) && sent >= sendFirst) break;
      if (performance.now() - started > 900_000) throw new Error(`the large run took over 15 minutes (${sent} sent)`);
    }
  } finally {
    await store.close();
  }
  const stopped = await worker.stop('SIGTERM', 300_000);
  if (stopped.code !== 0)
    throw new Error(`the worker exited with ${stopped.code ?? stopped.signal} on SIGTERM:\n${stopped.stderr.slice(-4000)}`);
  return { peakRssMb: await readPeakRssMb(rssFile), materialiseMs, sent, wallMs: performance.now() - started };
}

interface StatusJson {
  campaign: { state: string };
  counts: Record<string, number>;
  total: number;
}

const perSecond = (messages: number, ms: number) => Math.round((messages / ms) * 1000);
const twoDecimals = (value: number) => Math.round(value * 100) / 100;
const mb = (value: number) => Math.round(value);

function referenceMessages(count: number): ReferenceMessage[] {
  return Array.from({ length: count }, (_, i) => ({ to: benchCustomer(i).phone, message: benchBody(i) }));
}

/** The durable floor on a freshly seeded audience of its own, against the same simulator. */
async function measureDurableFloor(
  root: TempDir,
  sim: SimulatorProcess,
): Promise<{ messages: number; elapsedMs: number; recorded: number }> {
  const cwd = root.file('durable-floor');
  mkdirSync(cwd, { recursive: true });
  const databaseUrl = path.join(cwd, 'cafe.db');
  await seedAudience(databaseUrl, THROUGHPUT_RECIPIENTS, TAG);
  const run = await runDurableFloor(databaseUrl, sim.url, TOKEN, CONCURRENCY);
  const recorded = await sim.messageCount();
  await sim.reset();
  return { messages: run.messages, elapsedMs: run.elapsedMs, recorded };
}

async function throughput(root: TempDir, sim: SimulatorProcess): Promise<BenchResult[]> {
  const setup = await prepareCampaign(root, sim, THROUGHPUT_RECIPIENTS);
  const run = await runWorkerUntilIdle(setup, sim);
  const recorded = await sim.messageCount();
  await sim.reset();
  const status = await cliJson<StatusJson>(['campaign', 'status', String(setup.id)], setup.cwd, childEnv(setup, sim));
  const settled = (status.counts.accepted ?? 0) + (status.counts.delivered ?? 0) + (status.counts.failed ?? 0);

  const bodies = buildBulkBodies(referenceMessages(THROUGHPUT_RECIPIENTS));
  const reference = await runReferenceClient(sim.url, TOKEN, bodies, THROUGHPUT_RECIPIENTS, CONCURRENCY);
  const referenceRecorded = await sim.messageCount();
  await sim.reset();

  const floor = await measureDurableFloor(root, sim);

  const workerRate = perSecond(THROUGHPUT_RECIPIENTS, run.wallMs);
  const referenceRate = perSecond(THROUGHPUT_RECIPIENTS, reference.elapsedMs);
  const floorRate = perSecond(floor.messages, floor.elapsedMs);
  const ratio = twoDecimals(workerRate / referenceRate);
  const n = THROUGHPUT_RECIPIENTS.toLocaleString('en');
  return [
    {
      metric: `worker --until-idle, ${n} recipients, start to idle (materialise, send, record, final list walk)`,
      value: workerRate,
      unit: 'msg/s',
    },
    ...(run.summary.durationMs
      ? [
          { metric: "worker's own run time (its summary)", value: run.summary.durationMs / 1000, unit: 's' },
          {
            metric: 'worker start-up and exit (process, database: wall time less its own run time)',
            value: (run.wallMs - run.summary.durationMs) / 1000,
            unit: 's',
          },
        ]
      : []),
    { metric: 'reference client (prebuilt 50-message bodies, fetch)', value: referenceRate, unit: 'msg/s' },
    { metric: 'ratio worker / reference', value: ratio, unit: 'x' },
    {
      metric: 'durable floor (claim committed before each call, answer recorded; warm, raw SQLite, no logic)',
      value: floorRate,
      unit: 'msg/s',
    },
    {
      metric: 'ratio durable floor / reference (the most any durable sender reaches here)',
      value: twoDecimals(floorRate / referenceRate),
      unit: 'x',
    },
    {
      metric: 'ratio worker / durable floor',
      value: twoDecimals(workerRate / floorRate),
      unit: 'x',
      target: `>= ${FLOOR_RATIO_TARGET}`,
      pass: workerRate / floorRate >= FLOOR_RATIO_TARGET,
    },
    {
      metric: 'messages recorded by the simulator (durable floor run)',
      value: floor.recorded,
      unit: 'messages',
      target: `= ${n}`,
      pass: floor.recorded === THROUGHPUT_RECIPIENTS,
    },
    {
      metric: `messages recorded by the simulator (worker run)`,
      value: recorded,
      unit: 'messages',
      target: `= ${n}`,
      pass: recorded === THROUGHPUT_RECIPIENTS,
    },
    {
      metric: `messages recorded by the simulator (reference run)`,
      value: referenceRecorded,
      unit: 'messages',
      target: `= ${n}`,
      pass: referenceRecorded === THROUGHPUT_RECIPIENTS,
    },
    {
      metric: 'campaign completed, rows accepted/delivered/failed',
      value: status.campaign.state === 'completed' ? settled : 0,
      unit: 'rows',
      target: `= ${n}`,
      pass: status.campaign.state === 'completed' && settled === THROUGHPUT_RECIPIENTS,
    },
    { metric: `worker peak RSS, ${n} recipients`, value: mb(run.peakRssMb), unit: 'MB' },
  ];
}

async function memory(root: TempDir, sim: SimulatorProcess): Promise<BenchResult[]> {
  const small = await prepareCampaign(root, sim, SMALL);
  const smallRun = await runWorkerUntilIdle(small, sim);
  const smallRecorded = await sim.messageCount();
  await sim.reset();

  const large = await prepareCampaign(root, sim, LARGE);
  const largeRun = await runWorkerPartially(large, sim, LARGE_SENT);
  await sim.reset();

  const growth = twoDecimals(largeRun.peakRssMb / smallRun.peakRssMb);
  return [
    {
      metric: `worker peak RSS, ${SMALL.toLocaleString('en')} recipients (full send)`,
      value: mb(smallRun.peakRssMb),
      unit: 'MB',
      target: `< ${RSS_TARGET_MB} MB`,
      pass: smallRun.peakRssMb < RSS_TARGET_MB,
    },
    {
      metric: `messages recorded by the simulator (${SMALL.toLocaleString('en')} run)`,
      value: smallRecorded,
      unit: 'messages',
      target: `= ${SMALL}`,
      pass: smallRecorded === SMALL,
    },
    { metric: `seeding ${LARGE.toLocaleString('en')} contacts through the store (set-up)`, value: large.seedMs / 1000, unit: 's' },
    { metric: `materialising ${LARGE.toLocaleString('en')} outbox rows (while sending)`, value: largeRun.materialiseMs / 1000, unit: 's' },
    {
      metric: `rows answered before the SIGTERM (large run sends only the first ${LARGE_SENT.toLocaleString('en')})`,
      value: largeRun.sent,
      unit: 'rows',
    },
    {
      metric:
        `worker peak RSS, ${LARGE.toLocaleString('en')} recipients ` + `(all materialised + first ${LARGE_SENT.toLocaleString('en')} sent)`,
      value: mb(largeRun.peakRssMb),
      unit: 'MB',
      target: `< ${RSS_TARGET_MB} MB`,
      pass: largeRun.peakRssMb < RSS_TARGET_MB,
    },
    { metric: 'peak RSS large / small', value: growth, unit: 'x', target: `<= ${RSS_GROWTH_TARGET}`, pass: growth <= RSS_GROWTH_TARGET },
  ];
}

const campaignBenchmark: Benchmark = {
  name: 'campaign (worker: 100,000 sent; RSS at 10,000 and 1,000,000)',
  async run() {
    const root = await createTempDir('cafe-bench-campaign-');
    let sim: SimulatorProcess | undefined;
    try {
      sim = await startSimulatorProcess(root.path, TOKEN);
      // The simulator's code is cold at first; warm it so neither run pays for its JIT.
      const warmUp = referenceMessages(WARM_UP);
      await runReferenceClient(sim.url, TOKEN, buildBulkBodies(warmUp), WARM_UP, CONCURRENCY);
      await sim.reset();
      return [...(await throughput(root, sim)), ...(await memory(root, sim))];
    } finally {
      await sim?.stop();
      await root.remove();
    }
  },
};

export default campaignBenchmark;
