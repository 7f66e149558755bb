import { describe, expect, it } from 'vitest';
import { quietHoursAroundNow, runCli, startCli } from '../../test/support/index.js';
import { useCliWithSimulator } from '../../test/support/cli-with-simulator.js';
import { loadConfig } from '../config/index.js';
import { settingsPatchSchema, updateSettings } from '../settings/index.js';
import { openStore } from '../store/index.js';
import { insertCampaign, insertRows, phoneNumber } from '../outbox/test-support/fixtures.js';

const TOKEN = 'worker-cli-token-s3cret';
const harness = useCliWithSimulator({ token: TOKEN, dirPrefix: 'cafe-worker-cli-' });

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    SMSAPP_API_URL: harness.sim.url,
    SMSAPP_API_TOKEN: TOKEN,
    DATABASE_URL: harness.dir.file('cafe.db'),
    QUIET_HOURS: 'off',
    SEND_RATE: '1000',
    RECONCILE_GRACE_SECONDS: '0',
    WORKER_IDLE_POLL_MS: '20',
    TRACK_INTERVAL_MS: '50',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

async function seed(campaignPhones: string[], oneOffPhones: string[]): Promise<void> {
  const store = await openStore(harness.dir.file('cafe.db'));
  try {
    const campaign = await insertCampaign(store.db);
    await insertRows(
      store.db,
      campaign,
      campaignPhones.map((phone) => ({ phone })),
    );
    await insertRows(
      store.db,
      null,
      oneOffPhones.map((phone) => ({ phone, body: 'Your order is ready' })),
    );
  } finally {
    await store.close();
  }
}

describe('cafe-sms worker', () => {
  it("runs with the heap limits of bin/cafe-sms.js's first line when started as installed, and says so when they are missing", async () => {
    await seed([], [phoneNumber(1), phoneNumber(2)]);
    const installed = await runCli(['worker', '--until-idle', '--json'], { cwd: harness.dir.path, env: env(), asInstalled: true });
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stderr).not.toContain('default heap limits');
    expect(JSON.parse(installed.stdout)).toMatchObject({ sent: 2, accepted: 2 });

    await seed([], [phoneNumber(3)]);
    const direct = await runCli(['worker', '--until-idle', '--json'], { cwd: harness.dir.path, env: env() });
    expect(direct.code, direct.stderr).toBe(0);
    expect(direct.stderr).toContain('default heap limits');
    expect(direct.stderr).toContain('npx cafe-sms worker');
  });

  it('--until-idle --json sends everything once and prints the summary', async () => {
    const campaignPhones = Array.from({ length: 60 }, (_, i) => phoneNumber(i + 1));
    await seed(campaignPhones, [phoneNumber(100)]);
    const result = await runCli(['worker', '--until-idle', '--json'], { cwd: harness.dir.path, env: env() });
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ sent: 61, accepted: 61, failed: 0, skipped: 0, reconciled: 0, unknown: 0 });
    for (const phone of [...campaignPhones, phoneNumber(100)]) expect(harness.sim.sentTo(phone)).toHaveLength(1);
    expect(result.stderr).toContain('batch sent');
    expect(result.stderr + result.stdout).not.toContain(TOKEN);
  });

  it('in quiet hours, says how many promotional messages wait and until when', async () => {
    const store = await openStore(harness.dir.file('cafe.db'));
    try {
      const campaign = await insertCampaign(store.db, { purpose: 'promotional' });
      await insertRows(
        store.db,
        campaign,
        [1, 2].map((i) => ({ phone: phoneNumber(i), promotional: true })),
      );
      await insertRows(store.db, null, [{ phone: phoneNumber(3), body: 'Your order is ready' }]);
    } finally {
      await store.close();
    }
    const quiet = env({ QUIET_HOURS: quietHoursAroundNow().quiet });
    const text = await runCli(['worker', '--until-idle'], { cwd: harness.dir.path, env: quiet });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('1 gateway call carried 1 message: 1 accepted');
    expect(text.stdout).toMatch(/Quiet hours: 2 promotional messages wait until \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(cafe time\)/);
    const json = JSON.parse((await runCli(['worker', '--until-idle', '--json'], { cwd: harness.dir.path, env: quiet })).stdout);
    expect(json).toMatchObject({ sent: 0, heldForQuietHours: 2, quietHoursEndAt: expect.stringMatching(/^\d{4}-.*Z$/) });
    expect(Date.parse(json.quietHoursEndAt)).toBeGreaterThan(Date.now());
    const morning = JSON.parse((await runCli(['worker', '--until-idle', '--json'], { cwd: harness.dir.path, env: env() })).stdout);
    expect(morning).toMatchObject({ accepted: 2, heldForQuietHours: 0, quietHoursEndAt: null });
    expect(harness.sim.sentTo(phoneNumber(1))).toHaveLength(1);
  });

  it('writes readable log lines with LOG_FORMAT=pretty, JSON lines otherwise (stderr is not a terminal here)', async () => {
    await seed([phoneNumber(1)], []);
    const pretty = await runCli(['worker', '--until-idle', '--json'], { cwd: harness.dir.path, env: env({ LOG_FORMAT: 'pretty' }) });
    expect(pretty.code, pretty.stderr).toBe(0);
    expect(pretty.stderr).toMatch(/^\[\d{2}:\d{2}:\d{2}\] INFO: worker started/m);
    expect(pretty.stderr).not.toContain('{"level"');
    const json = await runCli(['worker', '--until-idle', '--json'], { cwd: harness.dir.path, env: env() });
    expect(
      json.stderr
        .split('\n')
        .filter(Boolean)
        .every((line) => line.startsWith('{')),
    ).toBe(true);
  });

  it("sends with the sender id and pace staff set in the dashboard, as serve's worker does", async () => {
    // A one-off: the single send names its sender id (a bulk call has no such field).
    await seed([], [phoneNumber(1)]);
    const store = await openStore(harness.dir.file('cafe.db'));
    try {
      const config = loadConfig({ env: env(), cwd: null });
      await updateSettings(store.db, config, settingsPatchSchema.parse({ senderId: 'CafeDR', sendRate: 50 }), new Date());
    } finally {
      await store.close();
    }
    harness.sim.setOptions({ senderIds: ['Cafe de Revenue', 'CafeDR'] });
    try {
      const result = await runCli(['worker', '--until-idle', '--json'], { cwd: harness.dir.path, env: env() });
      expect(result.code, result.stderr).toBe(0);
      expect(harness.sim.sentTo(phoneNumber(1)).map((m) => m.from)).toEqual(['CafeDR']);
      expect(result.stderr).toContain('"sendRate":50');
    } finally {
      harness.sim.setOptions({ senderIds: ['Cafe de Revenue'] });
    }
  });

  it('prints a human summary without --json', async () => {
    await seed([phoneNumber(1)], []);
    const result = await runCli(['worker', '--until-idle'], { cwd: harness.dir.path, env: env({ LOG_LEVEL: 'silent' }) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/1 gateway call carried 1 message: 1 accepted/);
  });

  it('reconciles a cut answer instead of sending twice', async () => {
    await seed([phoneNumber(1), phoneNumber(2)], []);
    harness.sim.injectFaults({ kind: 'cut_after_accept', on: 'bulk' });
    const result = await runCli(['worker', '--until-idle', '--json'], { cwd: harness.dir.path, env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ unknown: 2, reconciled: 2 });
    expect(harness.sim.sentTo(phoneNumber(1))).toHaveLength(1);
  });

  it('runs until SIGTERM, then exits 0 with its summary', async () => {
    await seed([phoneNumber(1)], []);
    const worker = startCli(['worker', '--json'], { cwd: harness.dir.path, env: env() });
    await waitFor(() => harness.sim.sentTo(phoneNumber(1)).length === 1);
    const result = await worker.stop('SIGTERM');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ accepted: 1 });
    expect(result.stderr).toContain('worker stopped');
  });

  it('refuses to start without a gateway token (exit 2, naming SMSAPP_API_TOKEN)', async () => {
    const result = await runCli(['worker', '--until-idle'], { cwd: harness.dir.path, env: env({ SMSAPP_API_TOKEN: '' }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SMSAPP_API_TOKEN');
  });

  it('fails (exit 1) with the gateway error when the token is refused, without printing it', async () => {
    await seed([phoneNumber(1)], []);
    const result = await runCli(['worker', '--until-idle', '--json'], {
      cwd: harness.dir.path,
      env: env({ SMSAPP_API_TOKEN: 'not-the-token' }),
    });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'auth' } });
    expect(result.stdout + result.stderr).not.toContain('not-the-token');
  });

  it('refuses a bad timing knob (exit 2, naming it)', async () => {
    const result = await runCli(['worker', '--until-idle'], { cwd: harness.dir.path, env: env({ TRACK_INTERVAL_MS: 'often' }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('TRACK_INTERVAL_MS');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
