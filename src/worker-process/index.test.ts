import { describe, expect, it } from 'vitest';
import { createTempDir } from '../../test/support/index.js';
import { loadConfig } from '../config/index.js';
import { enqueueOneOff } from '../outbox/index.js';
import { startSimulator } from '../simulator/index.js';
import { settingsPatchSchema, updateSettings } from '../settings/index.js';
import { openStore } from '../store/index.js';
import { Secret } from '../config/index.js';
import { createLogger, silentLogger } from '../log/index.js';
import { readSettings } from '../settings/index.js';
import { openTempStore } from '../store/test-support/temp-store.js';
import { noteHeapBounds } from './heap-bounds.js';
import { runOutboxWorker, type OutboxWorkerInput } from './index.js';

/** The command's input: the configuration from `env` (the database and the gateway among it). */
function input(env: Record<string, string>): OutboxWorkerInput {
  return {
    mode: 'untilIdle',
    config: loadConfig({ env: { SMSAPP_API_URL: 'http://127.0.0.1:9/api/v3/', ...env }, cwd: null }),
    token: new Secret('worker-token'),
    logger: silentLogger(),
  };
}

describe('the outbox worker as `cafe-sms worker` runs it', () => {
  it('sends what is queued over its own connection and answers the summary', async () => {
    const dir = await createTempDir('cafe-sms-worker-run-');
    const sim = await startSimulator({ token: 'worker-token' });
    try {
      const store = await openStore(dir.file('cafe.db'));
      await enqueueOneOff(store.db, { phone: '03001234567', body: 'Your order is ready' }, { now: new Date() });
      await store.close();
      const summary = await runOutboxWorker(
        input({ DATABASE_URL: dir.file('cafe.db'), SMSAPP_API_URL: sim.url, QUIET_HOURS: 'off', RECONCILE_GRACE_SECONDS: '0' }),
        new AbortController().signal,
      );
      expect(summary).toMatchObject({ sent: 1, accepted: 1 });
      expect(sim.sentTo('923001234567')).toHaveLength(1);
    } finally {
      await sim.close();
      await dir.remove();
    }
  });

  it("sends with the dashboard's settings, and picks up a change while it runs", async () => {
    const dir = await createTempDir('cafe-sms-worker-run-');
    const sim = await startSimulator({ token: 'worker-token', senderIds: ['Cafe de Revenue', 'CafeDR', 'Cafe Two'] });
    const store = await openStore(dir.file('cafe.db'));
    const config = loadConfig({ env: { QUIET_HOURS: 'off' }, cwd: null });
    const stop = new AbortController();
    try {
      await updateSettings(store.db, config, settingsPatchSchema.parse({ senderId: 'CafeDR' }), new Date());
      await enqueueOneOff(store.db, { phone: '03001234567', body: 'first' }, { now: new Date() });
      const run = runOutboxWorker(
        {
          ...input({ DATABASE_URL: dir.file('cafe.db'), SMSAPP_API_URL: sim.url, QUIET_HOURS: 'off', WORKER_IDLE_POLL_MS: '20' }),
          mode: 'run',
          settingsPollMs: 50,
        },
        stop.signal,
      );
      await expect.poll(() => sim.sentTo('923001234567').map((m) => m.from), { timeout: 10_000 }).toEqual(['CafeDR']);
      await updateSettings(store.db, config, settingsPatchSchema.parse({ senderId: 'Cafe Two' }), new Date());
      await new Promise((resolve) => setTimeout(resolve, 300));
      await enqueueOneOff(store.db, { phone: '03011234567', body: 'second' }, { now: new Date() });
      await expect.poll(() => sim.sentTo('923011234567').map((m) => m.from), { timeout: 10_000 }).toEqual(['Cafe Two']);
      stop.abort();
      expect(await run).toMatchObject({ sent: 2, accepted: 2 });
    } finally {
      stop.abort();
      await store.close();
      await sim.close();
      await dir.remove();
    }
  });

  it('refuses an in-memory database, where its own connection would find nothing to send', async () => {
    const refusal = { code: 'config', input: 'DATABASE_URL', message: expect.stringContaining('not :memory:') };
    await expect(runOutboxWorker(input({ DATABASE_URL: ':memory:' }), new AbortController().signal)).rejects.toMatchObject(refusal);
  });

  it('says in its log when it was started without the heap limits bin/cafe-sms.js sets', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } });
    expect(noteHeapBounds(logger, 530 * 1024 * 1024)).toBe(true);
    expect(lines).toEqual([]);
    expect(noteHeapBounds(logger, 4 * 1024 * 1024 * 1024)).toBe(false);
    expect(lines.join('')).toContain('npx cafe-sms worker');
  });

  it('takes its worker settings from the configuration', async () => {
    const config = loadConfig({ env: { SEND_RATE: '12', QUIET_HOURS: '22:00-08:00', OPT_OUT_KEYWORDS: 'BAS' }, cwd: null });
    const store = await openTempStore();
    try {
      expect(await readSettings(store.db, config)).toMatchObject({
        sendRate: 12,
        quietHours: { startMinute: 22 * 60, endMinute: 8 * 60 },
        optOutKeywords: ['BAS'],
        senderId: 'Cafe de Revenue',
      });
    } finally {
      await store.dispose();
    }
  });
});
