import { createFaultQueue, type FaultQueue } from './faults.js';
import { createRandom, createUidSequence, type Random, type UidSequence } from './random.js';
import { createRateWindow, type RateWindow } from './rate-window.js';
import { createRecordStore, type RecordStore } from './record-store.js';
import type { Settings } from './settings.js';
import { emptyStats } from './stats.js';
import type { SimulatorStats } from './types.js';

/** Separate streams, so sending messages does not move the fault draws and vice versa. */
interface RandomStreams {
  faults: Random;
  uids: UidSequence;
  order: Random;
}

/** Everything one running simulator holds. One per instance: nothing lives at module level. */
export interface SimulatorState {
  readonly token: string;
  settings: Settings;
  /** SMS units left; undefined = unlimited. */
  balance: number | undefined;
  /** The balance the options last set, restored by reset(). */
  configuredBalance: number | undefined;
  random: RandomStreams;
  readonly records: RecordStore;
  readonly faults: FaultQueue;
  readonly rate: RateWindow;
  stats: SimulatorStats;
  /** Aborted on close, to end answers still being held back. */
  readonly closing: AbortController;
}

/** `nowMs` is read at each uid, so a clock changed by setOptions counts from the next message. */
export function randomStreams(seed: number, nowMs: () => number): RandomStreams {
  return {
    faults: createRandom(seed),
    uids: createUidSequence(createRandom(seed ^ 0x5bd1e995), nowMs),
    order: createRandom(seed ^ 0x27d4eb2f),
  };
}

export function createState(token: string, settings: Settings, balance: number | undefined): SimulatorState {
  const state: SimulatorState = {
    token,
    settings,
    balance,
    configuredBalance: balance,
    random: randomStreams(settings.seed, () => state.settings.now()),
    records: createRecordStore(() => state.random.uids.next()),
    faults: createFaultQueue(),
    rate: createRateWindow(),
    stats: emptyStats(),
    closing: new AbortController(),
  };
  return state;
}

/** Back to a fresh start with the current settings: no records, faults, stats or throttle history. */
export function resetState(state: SimulatorState): void {
  state.records.clear();
  state.faults.clear();
  state.rate.clear();
  state.stats = emptyStats();
  state.balance = state.configuredBalance;
  state.random = randomStreams(state.settings.seed, () => state.settings.now());
}
