/**
 * How long the commands people type most take, as a whole process: `node bin/cafe-sms.js …` spawned
 * from start to exit, the median of 5 runs after one warm-up run (which is not counted).
 *   --help and `send --help`          < 200 ms (only the command asked for is loaded, nothing else)
 *   `send <phone> <text>`             < 350 ms (to `cafe-sms simulator` in its own process, with the
 *                                      contacts database present, so the opt-out check reads it)
 *   `contacts list`, `campaign status` < 300 ms (a small SQLite database)
 * Each figure is a whole Node process start-up plus the command, so it moves with the machine: the
 * node-alone figure beside them (`node -e 0`) says how much of it no change to cafe-sms can remove.
 */
import path from 'node:path';
import { createTempDir, runCli, type CliResult } from '../test/support/index.js';
import { startSimulatorProcess } from './support/simulator-process.js';
import type { BenchResult, Benchmark } from './support/types.js';

const TOKEN = 'bench-token-not-a-secret';
const RUNS = 5;
const HELP_TARGET_MS = 200;
const SEND_TARGET_MS = 350;
const STORE_TARGET_MS = 300;

interface Case {
  metric: string;
  args: string[];
  targetMs: number;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function timedRun(args: string[], cwd: string, env: Record<string, string>): Promise<{ ms: number; result: CliResult }> {
  const started = performance.now();
  const result = await runCli(args, { cwd, env, timeoutMs: 30_000 });
  return { ms: performance.now() - started, result };
}

/** The median time of RUNS runs after a warm-up; a run that fails fails the benchmark. */
async function medianMs(args: string[], cwd: string, env: Record<string, string>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const { ms, result } = await timedRun(args, cwd, env);
    if (result.code !== 0) throw new Error(`cafe-sms ${args.join(' ')} exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
    if (run > 0) times.push(ms);
  }
  return median(times);
}

/** `node -e 0`: what starting Node alone costs here, the floor under every figure. */
async function nodeAloneMs(): Promise<number> {
  const { spawnSync } = await import('node:child_process');
  const times: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    if (run > 0) times.push(performance.now() - started);
  }
  return median(times);
}

async function measure(dir: string, simulatorUrl: string): Promise<BenchResult[]> {
  const env = {
    DATABASE_URL: path.join(dir, 'cafe.db'),
    SMSAPP_API_URL: simulatorUrl,
    SMSAPP_API_TOKEN: TOKEN,
    LOG_LEVEL: 'warn',
    QUIET_HOURS: 'off',
  };
  // A small cafe: a few contacts, one campaign.
  for (const phone of ['0300-1234567', '0301-2345678', '0302-3456789']) {
    const added = await runCli(['contacts', 'add', phone, '--tag', 'regulars'], { cwd: dir, env });
    if (added.code !== 0) throw new Error(`contacts add failed:\n${added.stderr}`);
  }
  const created = await runCli(['campaign', 'create', '--name', 'Chai', '--message', 'Chai is ready', '--tag', 'regulars', '--json'], {
    cwd: dir,
    env,
  });
  if (created.code !== 0) throw new Error(`campaign create failed:\n${created.stderr}`);
  const { id } = JSON.parse(created.stdout) as { id: number };

  const cases: Case[] = [
    { metric: '`cafe-sms --help`', args: ['--help'], targetMs: HELP_TARGET_MS },
    { metric: '`cafe-sms send --help`', args: ['send', '--help'], targetMs: HELP_TARGET_MS },
    {
      metric: '`cafe-sms send <phone> <text>` to the simulator',
      args: ['send', '0300-1234567', 'Your chai is ready'],
      targetMs: SEND_TARGET_MS,
    },
    { metric: '`cafe-sms contacts list`', args: ['contacts', 'list'], targetMs: STORE_TARGET_MS },
    { metric: '`cafe-sms campaign status <id>`', args: ['campaign', 'status', String(id)], targetMs: STORE_TARGET_MS },
  ];
  const results: BenchResult[] = [
    { metric: `\`node -e 0\` (Node alone, median of ${RUNS})`, value: Math.round(await nodeAloneMs()), unit: 'ms' },
  ];
  for (const { metric, args, targetMs } of cases) {
    const ms = Math.round(await medianMs(args, dir, env));
    results.push({ metric: `${metric} (median of ${RUNS})`, value: ms, unit: 'ms', target: `< ${targetMs} ms`, pass: ms < targetMs });
  }
  return results;
}

const benchmark: Benchmark = {
  name: 'cli-startup',
  async run() {
    const dir = await createTempDir('cafe-bench-cli-startup-');
    const simulator = await startSimulatorProcess(dir.path, TOKEN);
    try {
      return await measure(dir.path, simulator.url);
    } finally {
      await simulator.stop();
      await dir.remove();
    }
  },
};

export default benchmark;
