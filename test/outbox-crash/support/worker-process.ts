import { setTimeout as delay } from 'node:timers/promises';
import type { CliResult, RunningCli } from '../../support/index.js';
import type { CrashEnv } from './crash-env.js';
import { waitUntil } from './outbox-probe.js';
import type { SeededRandom } from './seeded-random.js';

/** The worker's pino line once it has registered itself and is about to take its first turn. */
const STARTED = /"msg":"worker started"/;

/**
 * Resolves once the worker process has logged that it started; rejects if it ends first or stays
 * silent for `timeoutMs`.
 */
export async function waitForWorkerStart(worker: RunningCli, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void worker.exited().then(() => (ended = true));
  while (!STARTED.test(worker.stderr())) {
    if (ended) throw new Error(`the worker ended before it started:\n${worker.stderr()}`);
    if (Date.now() > deadline) throw new Error(`the worker did not start within ${timeoutMs} ms:\n${worker.stderr()}`);
    await delay(5);
  }
}

/** One kill of the loop: how long after its start the worker was killed, and what it had done. */
/** Starts `cafe-sms worker` processes side by side (several workers on one database); resolves once each has started. */
export async function startWorkers(env: CrashEnv, count: number): Promise<RunningCli[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const worker = env.start(['worker']);
      await waitForWorkerStart(worker);
      return worker;
    }),
  );
}

export interface KillRound {
  round: number;
  /** Milliseconds between the worker's "started" line and the SIGKILL (about). */
  killAfterMs: number;
  /** Outbound messages the simulator held before this worker started and once it was dead. */
  sentBefore: number;
  sentAfter: number;
  /** Rows the dead worker left in `sending`: its kill landed while a call was out. */
  leftSending: number;
  /** How the process ended: always SIGKILL, unless the worker ended by itself first. */
  signal: NodeJS.Signals | null;
}

export interface KillLoopOptions {
  random: SeededRandom;
  rounds: number;
  /** Range of the delay between a worker's start and its SIGKILL, inclusive. */
  minMs: number;
  maxMs: number;
  /** Extra arguments of `cafe-sms worker`. */
  args?: string[];
}

/** How long a round waits for its worker's first message before killing it all the same. */
const PROGRESS_WAIT_MS = 20_000;

/**
 * Starts `cafe-sms worker` and SIGKILLs it after a seeded delay, `rounds` times.
 * - Round 0 is killed within 40 ms of its start, while it is still materialising the campaign.
 * - Every other round is killed minMs..maxMs after its start, landing wherever the worker is:
 *   claiming, waiting on a call, recording an answer, walking the gateway's list. On a loaded
 *   machine a worker may not have sent anything by then; such a round waits until the simulator
 *   has stored the worker's first batch and kills it 0..60 ms later (usually before its answer is
 *   back when the simulator holds answers back), so every round moves the campaign on.
 * The assertions of the tests never depend on where a kill lands: the guarantee must hold for any
 * timing, and the seeded delays only make a failing schedule replayable.
 */
export async function killRepeatedly(env: CrashEnv, options: KillLoopOptions): Promise<KillRound[]> {
  const { db } = await env.store();
  const rounds: KillRound[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    // Two draws every round, whatever happens, so the schedule never depends on timing.
    const afterStart = round === 0 ? options.random.int(0, 40) : options.random.int(options.minMs, options.maxMs);
    const afterProgress = options.random.int(0, 60);
    const sentBefore = env.sim.outbound().length;
    const worker = env.start(['worker', ...(options.args ?? [])]);
    let result: CliResult;
    let killAfterMs: number;
    try {
      await waitForWorkerStart(worker);
      const started = Date.now();
      await delay(afterStart);
      if (round > 0 && env.sim.outbound().length === sentBefore) {
        await waitUntil(
          'the worker sent something',
          () => env.sim.outbound().length > sentBefore || worker.child.exitCode !== null,
          PROGRESS_WAIT_MS,
        ).catch(() => undefined);
        await delay(afterProgress);
      }
      killAfterMs = Date.now() - started;
    } finally {
      result = await worker.stop('SIGKILL');
    }
    const sending = await db
      .selectFrom('outbox_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', '=', 'sending')
      .executeTakeFirstOrThrow();
    rounds.push({
      round,
      killAfterMs,
      sentBefore,
      sentAfter: env.sim.outbound().length,
      leftSending: Number(sending.n),
      signal: result.signal,
    });
  }
  return rounds;
}

/** The summary `cafe-sms worker --until-idle --json` prints (the parts the tests read). */
export interface WorkerSummary {
  sent: number;
  accepted: number;
  failed: number;
  skipped: number;
  reconciled: number;
  [key: string]: unknown;
}

/** Runs `cafe-sms worker --until-idle --json` to the end and answers its summary. */
export async function runUntilIdle(env: CrashEnv, timeoutMs = 60_000): Promise<WorkerSummary> {
  return env.cliJson<WorkerSummary>(['worker', '--until-idle'], { timeoutMs });
}
