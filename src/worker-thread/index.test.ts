import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { runOutboxThread, startOutboxThread, workerInputFromConfig, type OutboxThreadInput } from './index.js';

function input(databasePath: string): OutboxThreadInput {
  const config = loadConfig({ env: {}, cwd: null });
  return {
    mode: 'untilIdle',
    databasePath,
    gateway: { baseUrl: 'http://127.0.0.1:9/api/v3/', token: 'unused' },
    worker: workerInputFromConfig(config),
    log: { level: 'silent', pretty: false },
  };
}

describe('the outbox thread', () => {
  it('refuses an in-memory database, which its own connection could not share', async () => {
    const refusal = { code: 'config', input: 'DATABASE_URL', message: expect.stringContaining('not :memory:') };
    await expect(runOutboxThread(input(':memory:'), new AbortController().signal)).rejects.toMatchObject(refusal);
    expect(() => startOutboxThread(input(':memory:'), () => undefined)).toThrow(expect.objectContaining(refusal));
  });

  it('takes its worker settings from the configuration as plain data', () => {
    const config = loadConfig({ env: { SEND_RATE: '12', QUIET_HOURS: '22:00-08:00', OPT_OUT_KEYWORDS: 'BAS' }, cwd: null });
    expect(workerInputFromConfig(config)).toMatchObject({
      sendRate: 12,
      quietHours: { startMinute: 22 * 60, endMinute: 8 * 60 },
      optOutKeywords: ['BAS'],
      senderId: 'Cafe de Revenue',
    });
    expect(structuredClone(workerInputFromConfig(config))).toEqual(workerInputFromConfig(config));
  });
});
