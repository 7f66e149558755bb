/**
 * Sending at the pace staff set (issue 12): `SEND_RATE=200` segments a second, a 12,000-recipient
 * campaign of one-segment messages sent by one `cafe-sms worker --until-idle` (a minute of sending)
 * to `cafe-sms simulator`. The pace is measured by the simulator's own clock: the segments of every
 * call but the last, over the time from the first call's arrival to the last's. Target: within 3 %
 * of SEND_RATE. Too slow is a cafe waiting for nothing; too fast is the account's limit at risk.
 */
import { callArrivals, gatewayPace } from '../test/support/index.js';
import { createCrashEnv, customers, runUntilIdle } from '../test/outbox-crash/support/index.js';
import type { BenchResult, Benchmark } from './support/types.js';

const SEND_RATE = 200;
const RECIPIENTS = 12_000;
const TOLERANCE = 0.03;

const benchmark: Benchmark = {
  name: 'paced-send',
  async run(): Promise<BenchResult[]> {
    const env = await createCrashEnv({ env: { SEND_RATE: String(SEND_RATE), SEND_CONCURRENCY: '2' }, simulator: { deliveryDelayMs: 50 } });
    try {
      await env.importCustomers(customers(RECIPIENTS, '308'), 'paced');
      await env.createAndStartCampaign('Paced', 'paced');
      await runUntilIdle(env, 300_000);
      const records = env.sim.outbound();
      const arrivals = callArrivals(records);
      const pace = gatewayPace(records);
      const seconds = ((arrivals.at(-1)?.at ?? 0) - (arrivals[0]?.at ?? 0)) / 1000;
      const segments = records.reduce((sum, record) => sum + record.sms_count, 0);
      return [
        {
          metric: `pace the gateway saw, SEND_RATE ${SEND_RATE} segments/s, ${RECIPIENTS.toLocaleString('en')} recipients`,
          value: pace,
          unit: 'segments/s',
          target: `${SEND_RATE} ± 3 %`,
          pass: Math.abs(pace / SEND_RATE - 1) <= TOLERANCE,
        },
        { metric: 'first call to last call (the simulator clock)', value: seconds, unit: 's' },
        { metric: 'calls', value: arrivals.length, unit: '' },
        {
          metric: 'messages recorded by the simulator',
          value: records.length,
          unit: 'messages',
          target: `= ${RECIPIENTS}`,
          pass: records.length === RECIPIENTS,
        },
        { metric: 'segments recorded', value: segments, unit: '' },
      ];
    } finally {
      await env.close();
    }
  },
};

export default benchmark;
