import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { silentLogger } from '../log/index.js';
import { emptySummary, type WorkerSummary } from '../outbox/index.js';
import { settingsPatchSchema, updateSettings } from '../settings/index.js';
import { openTempStore, type TempStore } from '../store/test-support/temp-store.js';
import { runFollowingSettings, withOverrides, type WorkerSettings } from './follow-settings.js';
import { workerInputFromConfig } from './worker-input.js';

const config = loadConfig({ env: { QUIET_HOURS: 'off' }, cwd: null });
const base: WorkerSettings = workerInputFromConfig(config);
let store: TempStore;

beforeEach(async () => {
  store = await openTempStore();
});

afterEach(async () => {
  await store.dispose();
});

async function change(patch: Record<string, unknown>): Promise<void> {
  await updateSettings(store.db, config, settingsPatchSchema.parse(patch), new Date());
}

describe('withOverrides', () => {
  it("puts the dashboard's sender id, pace and quiet hours over the configuration's", () => {
    expect(withOverrides(base, {})).toEqual(base);
    const changed = withOverrides(base, { senderId: 'CafeDR', sendRate: 3, quietHours: null });
    expect(changed).toEqual({ ...base, senderId: 'CafeDR', sendRate: 3, quietHours: null });
  });
});

describe('runFollowingSettings', () => {
  it('starts with the stored settings, restarts the worker when they change, and sums the runs', async () => {
    await change({ sendRate: 7 });
    const runs: WorkerSettings[] = [];
    const stop = new AbortController();
    const run = async (settings: WorkerSettings, signal: AbortSignal): Promise<WorkerSummary> => {
      runs.push(settings);
      if (runs.length === 1) setTimeout(() => void change({ senderId: 'CafeDR' }), 30);
      else setTimeout(() => stop.abort(), 30);
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      // What each run leaves held for quiet hours: the total reports the last run's.
      const held = runs.length === 1 ? { heldForQuietHours: 5, quietHoursEndAt: '2026-11-26T04:00:00.000Z' } : {};
      return { ...emptySummary(), sent: 1, accepted: 1, ...held };
    };
    const total = await runFollowingSettings({ db: store.db, logger: silentLogger(), settings: base, pollMs: 10, run, stop: stop.signal });
    expect(runs.map((s) => [s.senderId, s.sendRate])).toEqual([
      ['Cafe de Revenue', 7],
      ['CafeDR', 7],
    ]);
    expect(total).toMatchObject({ sent: 2, accepted: 2, heldForQuietHours: 0, quietHoursEndAt: null });
  });

  it('runs once, without restarting, while nothing changes', async () => {
    const stop = new AbortController();
    let runs = 0;
    const run = async (_settings: WorkerSettings, signal: AbortSignal): Promise<WorkerSummary> => {
      runs += 1;
      setTimeout(() => stop.abort(), 60);
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      return emptySummary();
    };
    await runFollowingSettings({ db: store.db, logger: silentLogger(), settings: base, pollMs: 10, run, stop: stop.signal });
    expect(runs).toBe(1);
  });
});
