import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { openStore, type Store } from '../store/index.js';
import { readSettings, settingsPatchSchema, toSettingsView, updateSettings } from './index.js';

let dir: string;
let store: Store;
const config = loadConfig({ env: {}, cwd: null });
const now = new Date('2026-11-26T05:00:00Z');

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cafe-settings-'));
  store = await openStore(path.join(dir, 'cafe.db'));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('lowBalanceUnits', () => {
  it('is off (null) until the admin sets it, then kept across reads', async () => {
    expect((await readSettings(store.db, config)).lowBalanceUnits).toBeNull();
    const changed = await updateSettings(store.db, config, settingsPatchSchema.parse({ lowBalanceUnits: 500 }), now);
    expect(changed.lowBalanceUnits).toBe(500);
    expect((await readSettings(store.db, config)).lowBalanceUnits).toBe(500);
    expect(toSettingsView(changed, 'sandbox').lowBalanceUnits).toBe(500);
  });

  it('is switched off again with null, and left alone when a patch does not name it', async () => {
    await updateSettings(store.db, config, settingsPatchSchema.parse({ lowBalanceUnits: 200 }), now);
    await updateSettings(store.db, config, settingsPatchSchema.parse({ sendRate: 5 }), now);
    expect((await readSettings(store.db, config)).lowBalanceUnits).toBe(200);
    await updateSettings(store.db, config, settingsPatchSchema.parse({ lowBalanceUnits: null }), now);
    expect((await readSettings(store.db, config)).lowBalanceUnits).toBeNull();
  });

  it.each([
    [0, 'at least 1'],
    [-5, 'at least 1'],
    [2.5, 'whole number'],
    ['500', 'whole number of SMS units'],
    [1e9, 'at most'],
  ])('refuses %j (%s)', (value, words) => {
    const parsed = settingsPatchSchema.safeParse({ lowBalanceUnits: value });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['lowBalanceUnits']);
    expect(parsed.error?.issues[0]?.message).toContain(words);
  });
});
