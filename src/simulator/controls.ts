import { parseFaultRules } from './faults.js';
import { receiveInbound } from './inbound.js';
import { viewAt } from './record-store.js';
import { applyOptions, toDigits } from './settings.js';
import { randomStreams, resetState, type SimulatorState } from './state.js';
import { snapshotStats } from './stats.js';
import type { FaultRule, SimRecord, Simulator, TunableOptions } from './types.js';

/** The simulator's controls, shared by the in-process object and the admin endpoints. */
export type SimulatorControls = Omit<Simulator, 'url' | 'token' | 'close'>;

export function createControls(state: SimulatorState): SimulatorControls {
  const records = (): SimRecord[] => {
    const now = state.settings.now();
    return state.records.all().map((record) => viewAt(record, now));
  };
  const outbound = (): SimRecord[] => records().filter((record) => record.send_by === 'from');
  return {
    injectFaults(...rules: FaultRule[]) {
      state.faults.push(parseFaultRules(rules));
    },
    clearFaults() {
      state.faults.clear();
    },
    setOptions(options: TunableOptions) {
      const change = applyOptions(state.settings, options);
      state.settings = change.settings;
      if (change.balance) state.balance = state.configuredBalance = change.balance.value;
      if (options.seed !== undefined) state.random = randomStreams(change.settings.seed, () => state.settings.now());
    },
    injectInbound: (input) => receiveInbound(state, input),
    records,
    outbound,
    sentTo(phone: string) {
      const digits = toDigits(phone);
      return outbound().filter((record) => record.to === digits);
    },
    stats: () => snapshotStats(state.stats),
    remainingBalance: () => state.balance,
    reset() {
      resetState(state);
    },
  };
}
