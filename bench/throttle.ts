/**
 * Sending into a gateway limit nobody announced (issue 12): the simulator admits 4 calls a second
 * and refuses the rest the way the platform does, HTTP 200 "Too Many Attempts." without
 * Retry-After, while the worker is told it may send far faster (`SEND_RATE=1000`). A 3,000-recipient
 * campaign goes out with `cafe-sms worker --until-idle`, as bulk calls of 50. Reports the share of
 * send calls that were throttled (target under 5 %: a worker that keeps hitting the limit risks the
 * account) and the campaign's duration against the ideal, messages ÷ (the limit × 50 a call)
 * (target within 15 %), both by the simulator's own count and clock.
 */
import { createCrashEnv, customers, runUntilIdle, type CrashEnv } from '../test/outbox-crash/support/index.js';
import type { BenchResult, Benchmark } from './support/types.js';

const RECIPIENTS = 3000;
const LIMIT_CALLS_PER_SECOND = 4;
const MESSAGES_PER_CALL = 50;
const IDEAL_SECONDS = RECIPIENTS / (LIMIT_CALLS_PER_SECOND * MESSAGES_PER_CALL);

async function sendCampaign(
  env: CrashEnv,
): Promise<{ seconds: number; sendCalls: number; throttled: number; readCalls: number; throttledReads: number }> {
  await env.importCustomers(customers(RECIPIENTS, '309'), 'throttled');
  await env.createAndStartCampaign('Throttled', 'throttled');
  env.sim.setOptions({ rateLimit: LIMIT_CALLS_PER_SECOND, throttleAnswer: 'http_200' });
  const before = env.sim.stats();
  await runUntilIdle(env, 600_000);
  const after = env.sim.stats();
  const arrivals = env.sim.outbound().map((record) => Date.parse(record.created_at));
  if (arrivals.length !== RECIPIENTS) throw new Error(`the simulator holds ${arrivals.length} messages, not ${RECIPIENTS}`);
  const sends = (counts: Record<string, number>) => (counts['bulk'] ?? 0) + (counts['send'] ?? 0);
  const reads = (counts: Record<string, number>) => (counts['list'] ?? 0) + (counts['get'] ?? 0);
  return {
    seconds: (Math.max(...arrivals) - Math.min(...arrivals)) / 1000,
    sendCalls: sends(after.byOperation) - sends(before.byOperation),
    throttled: sends(after.throttledByOperation) - sends(before.throttledByOperation),
    readCalls: reads(after.byOperation) - reads(before.byOperation),
    throttledReads: reads(after.throttledByOperation) - reads(before.throttledByOperation),
  };
}

const benchmark: Benchmark = {
  name: 'throttle',
  async run(): Promise<BenchResult[]> {
    const env = await createCrashEnv({ env: { SEND_RATE: '1000', SEND_CONCURRENCY: '2' }, simulator: { deliveryDelayMs: 50 } });
    try {
      const run = await sendCampaign(env);
      const share = run.throttled / run.sendCalls;
      const overIdeal = run.seconds / IDEAL_SECONDS - 1;
      return [
        {
          metric:
            `throttled share of ${run.sendCalls} send calls, ${RECIPIENTS.toLocaleString('en')} messages, ` +
            `limit ${LIMIT_CALLS_PER_SECOND} calls/s unannounced`,
          value: share * 100,
          unit: '%',
          target: '< 5 %',
          pass: share < 0.05,
        },
        {
          metric: 'reads of the list and single messages in the same time (they share the limit), throttled',
          value: run.readCalls,
          unit: `calls, ${run.throttledReads} throttled`,
        },
        {
          metric: `campaign duration vs the limit's ideal (${IDEAL_SECONDS.toFixed(1)} s)`,
          value: run.seconds,
          unit: 's',
          target: `within 15 % (≤ ${(IDEAL_SECONDS * 1.15).toFixed(1)} s)`,
          pass: overIdeal <= 0.15,
        },
      ];
    } finally {
      await env.close();
    }
  },
};

export default benchmark;
