import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { silentLogger } from '../log/index.js';
import { emptySummary, type WorkerSummary } from '../outbox/index.js';
import { readSettings, settingsPatchSchema, updateSettings, type Settings } from '../settings/index.js';
import { openTempStore, type TempStore } from '../store/test-support/temp-store.js';
import { runFollowingSettings } from './follow-settings.js';

const config = loadConfig({ env: { QUIET_HOURS: 'off' }, cwd: null });
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

describe("the worker's settings", () => {
  it("put the dashboard's sender id, pace and quiet hours over the configuration's", async () => {
    const base = await readSettings(store.db, config);
    expect(base.quietHours).toBeNull();
    await change({ senderId: 'CafeDR', sendRate: 3, quietHours: '22:00-08:00' });
    const changed = await readSettings(store.db, config);
    expect(changed).toEqual({ ...base, senderId: 'CafeDR', sendRate: 3, quietHours: { startMinute: 22 * 60, endMinute: 8 * 60 } });
  });
});

describe('runFollowingSettings', () => {
  it('starts with the stored settings, restarts the worker when they change, and sums the runs', async () => {
    await change({ sendRate: 7 });
    const runs: Settings[] = [];
    const stop = new AbortController();
    const run = async (settings: Settings, signal: AbortSignal): Promise<WorkerSummary> => {
      runs.push(settings);
      if (runs.length === 1) setTimeout(() => void change({ senderId: 'CafeDR' }), 30);
      else setTimeout(() => stop.abort(), 30);
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      // What each run leaves held for quiet hours: the total reports the last run's.
      const held = runs.length === 1 ? { heldForQuietHours: 5, quietHoursEndAt: '2026-11-26T04:00:00.000Z' } : {};
      return { ...emptySummary(), sent: 1, accepted: 1, ...held };
    };
    const total = await runFollowingSettings({ db: store.db, config, logger: silentLogger(), pollMs: 10, run, stop: stop.signal });
    expect(runs.map((s) => [s.senderId, s.sendRate])).toEqual([
      ['Cafe de Revenue', 7],
      ['CafeDR', 7],
    ]);
    expect(total).toMatchObject({ sent: 2, accepted: 2, heldForQuietHours: 0, quietHoursEndAt: null });
  });

  it('runs once, without restarting, while nothing changes', async () => {
    const stop = new AbortController();
    let runs = 0;
    const run = async (_settings: Settings, signal: AbortSignal): Promise<WorkerSummary> => {
      runs += 1;
      setTimeout(() => stop.abort(), 60);
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      return emptySummary();
    };
    await runFollowingSettings({ db: store.db, config, logger: silentLogger(), pollMs: 10, run, stop: stop.signal });
    expect(runs).toBe(1);
  });
});
