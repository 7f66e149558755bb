import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore, type TempStore } from '../test-support/temp-store.js';
import { readGatewayCallLimit, saveGatewayCallLimit } from './index.js';

let store: TempStore;
beforeEach(async () => {
  store = await openTempStore();
});
afterEach(async () => {
  await store.dispose();
});

describe('the learned gateway call limit', () => {
  it('is unknown until learned, then the last one learned', async () => {
    expect(await readGatewayCallLimit(store.db)).toBeUndefined();
    await saveGatewayCallLimit(store.db, 3.6, new Date('2026-12-03T10:00:00Z'));
    expect(await readGatewayCallLimit(store.db)).toBeCloseTo(3.6);
    await saveGatewayCallLimit(store.db, 7.25, new Date('2026-12-03T11:00:00Z'));
    expect(await readGatewayCallLimit(store.db)).toBeCloseTo(7.25);
  });
});
