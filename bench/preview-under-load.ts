/**
 * Issue 11: heavy reads never stall the server. 250,000 contacts, four campaign previews of all of
 * them at once over HTTP, and `/api/health` asked every 20 ms meanwhile: how long the previews take
 * and how long health had to wait. Before previews gave way between pages, four of them held health
 * for 3.6 s.
 */
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { createTestApp } from '../src/server/test-support/test-app.js';
import { upsertContacts, type ContactInput } from '../src/store/index.js';
import type { BenchResult, Benchmark } from './support/types.js';

const CONTACTS = 250_000;
const PREVIEWS = 4;
const HEALTH_TARGET_MS = 200;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function seed(db: Parameters<typeof upsertContacts>[0]): Promise<void> {
  for (let from = 0; from < CONTACTS; from += 10_000) {
    const batch: ContactInput[] = [];
    for (let i = from; i < from + 10_000; i += 1) batch.push({ phone: `92310${String(i).padStart(7, '0')}`, name: `Customer number ${i}` });
    await upsertContacts(db, batch);
  }
}

const previewUnderLoad: Benchmark = {
  name: 'preview-under-load',
  async run(): Promise<BenchResult[]> {
    const test = await createTestApp({ env: { QUIET_HOURS: 'off' } });
    try {
      await seed(test.store.db);
      const admin = await test.signIn();
      await test.app.listen({ host: '127.0.0.1', port: 0 });
      const base = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
      const preview = () =>
        fetch(`${base}/api/campaigns/preview`, {
          method: 'POST',
          headers: { ...admin.headers, 'content-type': 'application/json' },
          body: JSON.stringify({ template: 'Salaam {{first_name}}, our winter menu is here' }),
        }).then(async (response) => ((await response.json()) as { recipients: number }).recipients);
      const started = performance.now();
      let running = true;
      const previews = Promise.all(Array.from({ length: PREVIEWS }, preview)).finally(() => (running = false));
      const healthMs: number[] = [];
      while (running) {
        const asked = performance.now();
        await fetch(`${base}/api/health`).then((response) => response.arrayBuffer());
        healthMs.push(performance.now() - asked);
        await delay(20);
      }
      const recipients = await previews;
      const previewSeconds = (performance.now() - started) / 1000;
      if (recipients.some((n) => n !== CONTACTS)) throw new Error(`a preview counted ${recipients.join(', ')} recipients`);
      healthMs.sort((a, b) => a - b);
      const worst = healthMs.at(-1) ?? 0;
      return [
        { metric: `${PREVIEWS} previews of ${CONTACTS.toLocaleString('en')} contacts at once`, value: previewSeconds, unit: 's' },
        { metric: '/api/health meanwhile, p50', value: percentile(healthMs, 50), unit: 'ms' },
        {
          metric: '/api/health meanwhile, worst',
          value: worst,
          unit: 'ms',
          target: `< ${HEALTH_TARGET_MS} ms`,
          pass: worst < HEALTH_TARGET_MS,
        },
      ];
    } finally {
      await test.close();
    }
  },
};

export default previewUnderLoad;
