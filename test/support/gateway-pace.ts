import type { SimRecord } from '../../src/simulator/index.js';

/** One call the simulator took: when it arrived and the segments it carried (its records share one arrival moment). */
export interface CallArrival {
  at: number;
  segments: number;
}

/** Each call the simulator took, in order of arrival. */
export function callArrivals(records: readonly SimRecord[]): CallArrival[] {
  const byMoment = new Map<number, number>();
  for (const record of records) {
    const at = Date.parse(record.created_at);
    byMoment.set(at, (byMoment.get(at) ?? 0) + record.sms_count);
  }
  return [...byMoment].map(([at, segments]) => ({ at, segments })).sort((a, b) => a.at - b.at);
}

/**
 * The pace the gateway saw, in segments a second, by the simulator's own record of when each call
 * arrived. A batch goes first and is paid for after, so what was paid for between the first and
 * the last arrival is the segments of every call but the last.
 */
export function gatewayPace(records: readonly SimRecord[]): number {
  const arrivals = callArrivals(records);
  const from = arrivals[0]?.at ?? 0;
  const to = arrivals.at(-1)?.at ?? 0;
  const paid = arrivals.filter((a) => a.at < to).reduce((sum, a) => sum + a.segments, 0);
  return paid / ((to - from) / 1000);
}
