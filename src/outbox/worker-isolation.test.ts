import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { campaignAdvancer } from '../campaigns/index.js';
import { insertCampaign, insertRows, phoneNumber } from './test-support/fixtures.js';
import { waitFor } from './test-support/wait-for.js';
import { createHarness, type Harness } from './test-support/worker-harness.js';

/** Issue 11: a campaign that cannot be prepared fails alone; one-off messages keep going out. */

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.dispose();
});

function capturedLog() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line !== '') lines.push(JSON.parse(line) as { level: number; msg: string });
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), errors: () => lines.filter((line) => line.level >= 50) };
}

describe('worker: one campaign that cannot be prepared', () => {
  it('still sends a one-off at once, says why the campaign waits, and does not flood the log', async () => {
    const broken = await insertCampaign(h.store.db, { name: 'Broken winter menu' });
    await h.store.db.updateTable('campaigns').set({ template: 'Hi {{name', enqueued_at: null }).where('id', '=', broken).execute();
    const log = capturedLog();
    const stop = new AbortController();
    const worker = h.worker({
      logger: log.logger,
      advanceCampaigns: campaignAdvancer(h.store.db, { defaultCountry: 'PK', maxSegments: 10 }),
    });
    const running = worker.run(stop.signal);
    try {
      await waitFor(() => worker.snapshot().lastError !== null);
      await insertRows(h.store.db, null, [{ phone: phoneNumber(1), body: 'Your order is ready' }]);
      await waitFor(() => h.sim.sentTo(phoneNumber(1)).length === 1, 2000);
      expect(worker.snapshot().lastError?.message).toMatch(/Could not prepare the messages of campaign \d+ \(Broken winter menu\)/);
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      stop.abort();
      await running;
    }
    // Tried again every couple of seconds, not every turn (it once logged hundreds of errors a second).
    expect(
      log.errors().map((e) => e.msg),
      JSON.stringify(log.errors().slice(0, 3)),
    ).toHaveLength(1);
  });

  it('ends a run that waits for idle with the error after a few tries, rather than waiting for ever', async () => {
    const broken = await insertCampaign(h.store.db, { name: 'Broken' });
    await h.store.db.updateTable('campaigns').set({ template: 'Hi {{name', enqueued_at: null }).where('id', '=', broken).execute();
    await insertRows(h.store.db, null, [{ phone: phoneNumber(2), body: 'Your order is ready' }]);
    const worker = h.worker({ advanceCampaigns: campaignAdvancer(h.store.db, { defaultCountry: 'PK', maxSegments: 10 }) });
    await expect(worker.runUntilIdle()).rejects.toThrow(/Could not prepare the messages of campaign/);
    expect(h.sim.sentTo(phoneNumber(2))).toHaveLength(1);
  }, 20_000);
});
