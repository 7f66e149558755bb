import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { createGatewayClient } from '../gateway/index.js';
import { Secret } from '../config/index.js';
import { openTempStore, type TempStore } from '../store/test-support/temp-store.js';
import { ONE_OFF_LINGER_MS, resolveWorkerSettings, type WorkerOptions } from './options.js';

let store: TempStore;
let base: WorkerOptions;
beforeAll(async () => {
  store = await openTempStore();
  // Nothing is called: resolving settings only reads the options.
  const client = createGatewayClient({ baseUrl: 'http://127.0.0.1:9/api/v3/', token: new Secret('not-used'), senderId: 'Cafe de Revenue' });
  base = { db: store.db, client, sendRate: 20, concurrency: 1, quietHours: null, reconcileGraceMs: 1000 };
});
afterAll(async () => {
  await store.dispose();
});

describe('resolveWorkerSettings: maxBatch', () => {
  it('defaults to the gateway’s 50 a bulk call and never goes above it', () => {
    expect(resolveWorkerSettings(base).maxBatch).toBe(50);
    expect(resolveWorkerSettings({ ...base, maxBatch: 500 }).maxBatch).toBe(50);
    expect(resolveWorkerSettings({ ...base, maxBatch: 1 }).maxBatch).toBe(1);
    expect(resolveWorkerSettings({ ...base, maxBatch: 0.5 }).maxBatch).toBe(1);
  });

  it('refuses zero, negative and non-numbers, naming the option', () => {
    for (const maxBatch of [0, -5, Number.NaN]) {
      let thrown: unknown;
      try {
        resolveWorkerSettings({ ...base, maxBatch });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(CafeError);
      expect(thrown).toMatchObject({ code: 'invalid_input', input: 'maxBatch' });
      expect((thrown as CafeError).message).toContain('maxBatch');
    }
  });
});

describe('resolveWorkerSettings: oneOffLingerMs', () => {
  it('defaults to a tenth of a second and may be 0 (never wait)', () => {
    expect(resolveWorkerSettings(base).oneOffLingerMs).toBe(ONE_OFF_LINGER_MS);
    expect(ONE_OFF_LINGER_MS).toBe(100);
    expect(resolveWorkerSettings({ ...base, oneOffLingerMs: 0 }).oneOffLingerMs).toBe(0);
  });

  it('refuses negative and non-numbers, naming the option', () => {
    for (const oneOffLingerMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => resolveWorkerSettings({ ...base, oneOffLingerMs })).toThrow(
        expect.objectContaining({ code: 'invalid_input', input: 'oneOffLingerMs' }) as Error,
      );
    }
  });
});
