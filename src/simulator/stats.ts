import type { SimulatorStats } from './types.js';

export function emptyStats(): SimulatorStats {
  return { requests: 0, byOperation: {}, answered429: 0, throttled: 0, throttledByOperation: {}, faultsApplied: 0, cut: 0 };
}

export function countRequest(stats: SimulatorStats, operation: string): void {
  stats.requests += 1;
  stats.byOperation[operation] = (stats.byOperation[operation] ?? 0) + 1;
}

/** A copy the caller may keep: later calls do not change it. */
export function snapshotStats(stats: SimulatorStats): SimulatorStats {
  return { ...stats, byOperation: { ...stats.byOperation }, throttledByOperation: { ...stats.throttledByOperation } };
}
