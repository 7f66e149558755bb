import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertCliBuilt, createTempDir, quietHoursAroundNow, runCli, type CliResult, type TempDir } from '../../test/support/index.js';
import { advanceCampaigns } from '../campaigns/index.js';
import { openStore, upsertContacts } from '../store/index.js';

// Spawned-process tests of `cafe-sms campaign …` on a real database file (run `npm run build` first).
// No SMSAPP_API_TOKEN is set: these commands only touch the database; the worker sends.

const OPT_OUT = 'Reply STOP to opt out.';
let dir: TempDir;

beforeAll(() => {
  assertCliBuilt();
});
beforeEach(async () => {
  dir = await createTempDir('cafe-cli-campaign-');
});
afterEach(async () => {
  await dir.remove();
});

/** QUIET_HOURS is off unless a test says otherwise: what these commands print must not depend on the hour. */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runCli(['campaign', ...args], {
    cwd: dir.path,
    env: { DATABASE_URL: dir.file('db.sqlite'), LOG_LEVEL: 'warn', OPT_OUT_TEXT: OPT_OUT, QUIET_HOURS: 'off', ...env },
  });
}

async function json<T = Record<string, unknown>>(args: string[]): Promise<T> {
  const result = await cli([...args, '--json']);
  expect(result.stderr, result.stdout).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/** Runs a command expected to fail: its JSON error and exit code. */
async function failure(args: string[]): Promise<{ code: number | null; error: { code: string; message: string } }> {
  const result = await cli([...args, '--json']);
  const parsed = JSON.parse(result.stdout) as { error: { code: string; message: string } };
  return { code: result.code, error: parsed.error };
}

async function withDb<T>(work: (db: Awaited<ReturnType<typeof openStore>>['db']) => Promise<T>): Promise<T> {
  const store = await openStore(dir.file('db.sqlite'));
  try {
    return await work(store.db);
  } finally {
    await store.close();
  }
}

async function seed(): Promise<void> {
  await withDb((db) =>
    upsertContacts(db, [
      { phone: '923001234567', name: 'Ayesha Khan', tags: ['vip'] },
      { phone: '923011234567', name: 'Bilal', tags: ['regular'] },
      { phone: '923021234567', name: 'Sana', tags: ['vip'] },
    ]),
  );
}

interface CampaignJson {
  id: number;
  name: string;
  state: string;
  tags: string[];
  purpose: string;
  optOutText: string | null;
  scheduledAt: string | null;
}

describe('cafe-sms campaign', () => {
  it('creates, previews, starts, pauses, resumes, reports and cancels a campaign', async () => {
    await seed();
    const created = await json<CampaignJson>([
      'create',
      '--name',
      'Winter menu',
      '--message',
      'Hi {{first_name}}, winter menu is here!',
      '--tag',
      'VIP',
    ]);
    expect(created).toMatchObject({
      id: 1,
      name: 'Winter menu',
      state: 'draft',
      tags: ['vip'],
      purpose: 'promotional',
      optOutText: OPT_OUT,
    });

    const preview = await json<{ recipients: number; samples: { phone: string; body: string }[] }>(['preview', '1', '--sample', '1']);
    expect(preview.recipients).toBe(2);
    expect(preview.samples).toEqual([
      expect.objectContaining({ phone: '923001234567', body: `Hi Ayesha, winter menu is here!\n${OPT_OUT}` }),
    ]);

    expect((await json<CampaignJson>(['start', '1'])).state).toBe('running');
    await withDb((db) => advanceCampaigns(db, { now: () => new Date(), defaultCountry: 'PK', maxSegments: 10 }));
    expect((await json<CampaignJson>(['pause', '1'])).state).toBe('paused');
    expect((await json<CampaignJson>(['resume', '1'])).state).toBe('running');

    const status = await json<{ campaign: CampaignJson; counts: Record<string, number>; total: number; progress: number }>(['status', '1']);
    expect(status).toMatchObject({ campaign: { id: 1, state: 'running' }, total: 2, progress: 0 });
    expect(status.counts).toEqual({ queued: 2, sending: 0, unknown: 0, accepted: 0, delivered: 0, failed: 0, skipped: 0, cancelled: 0 });

    expect((await json<CampaignJson>(['cancel', '1'])).state).toBe('cancelled');
    const after = await json<{ counts: Record<string, number> }>(['status', '1']);
    expect(after.counts).toMatchObject({ queued: 0, cancelled: 2 });
  });

  it('prints human lines without --json, in cafe time', async () => {
    await seed();
    const created = await cli(['create', '--name', 'Eid', '--message', 'Eid Mubarak {{name}}', '--schedule', '2099-03-20 10:00']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created Campaign 1 "Eid": scheduled/);
    expect(created.stdout).toContain('2099-03-20 10:00');
    const status = await cli(['status', '1']);
    expect(status.stdout).toMatch(/Scheduled\s+2099-03-20 10:00/);
    const list = await cli(['list']);
    expect(list.stdout).toMatch(/^ID\s+STATE/);
    expect(list.stdout).toMatch(/1\s+scheduled\s+promotional\s+text\s+\(all\)/);
    const preview = await cli(['preview', '1']);
    expect(preview.stdout).toMatch(/Recipients\s+3/);
    expect(preview.stdout).toContain('  | Eid Mubarak Ayesha Khan');
  });

  it('says when quiet hours hold a started promotional campaign, not a transactional one', async () => {
    await seed();
    const { quiet, notQuiet } = quietHoursAroundNow();
    await json(['create', '--name', 'Late offer', '--message', 'Half price, {{name}}']);
    await json(['create', '--name', 'Order ready', '--message', 'Your order is ready, {{name}}', '--transactional']);
    const started = await cli(['start', '1'], { QUIET_HOURS: quiet });
    expect(started.stdout).toMatch(/It is quiet hours now: its messages wait until \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(cafe time\)\./);
    const status = await cli(['status', '1'], { QUIET_HOURS: quiet });
    expect(status.stdout).toMatch(/Quiet hours\s+messages wait until \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    const statusJson = JSON.parse((await cli(['status', '1', '--json'], { QUIET_HOURS: quiet })).stdout) as {
      quietHoursUntil: string | null;
    };
    expect(Date.parse(statusJson.quietHoursUntil ?? '')).toBeGreaterThan(Date.now());
    // Outside the window, and for a transactional campaign, nothing is held.
    expect((await cli(['status', '1'], { QUIET_HOURS: notQuiet })).stdout).not.toContain('Quiet hours');
    expect(JSON.parse((await cli(['status', '1', '--json'])).stdout)).toMatchObject({ quietHoursUntil: null });
    const transactional = await cli(['start', '2'], { QUIET_HOURS: quiet });
    expect(transactional.code).toBe(0);
    expect(transactional.stdout).not.toContain('quiet hours');
  });

  it('warns when a promotional campaign is scheduled into quiet hours', async () => {
    await seed();
    // 23:30 on a day far ahead: inside the default 21:00-09:00 quiet hours; 10:00 is outside.
    const night = await cli(['create', '--name', 'Late', '--message', 'Hi {{name}}', '--schedule', '2099-03-20 23:30'], {
      QUIET_HOURS: '21:00-09:00',
    });
    expect(night.code).toBe(0);
    expect(night.stdout).toContain('It starts in quiet hours: its messages wait until 2099-03-21 09:00 (cafe time).');
    const rescheduled = await cli(['schedule', '1', '2099-03-20 10:00'], { QUIET_HOURS: '21:00-09:00' });
    expect(rescheduled.stdout).not.toContain('quiet hours');
    const json = JSON.parse((await cli(['status', '1', '--json'], { QUIET_HOURS: '21:00-09:00' })).stdout) as {
      quietHoursUntil: string | null;
    };
    expect(json.quietHoursUntil).toBeNull();
  });

  it('schedules in cafe time and lists campaigns newest first', async () => {
    await json(['create', '--name', 'First', '--message', 'Hi', '--transactional']);
    await json(['create', '--name', 'Second', '--message', 'https://cafe.example/menu.jpg', '--type', 'image']);
    const scheduled = await json<CampaignJson>(['schedule', '1', '2099-01-01 09:30']);
    expect(scheduled).toMatchObject({ state: 'scheduled', scheduledAt: '2099-01-01T04:30:00.000Z' });
    const list = await json<CampaignJson[]>(['list']);
    expect(list.map((c) => [c.name, c.purpose])).toEqual([
      ['Second', 'promotional'],
      ['First', 'transactional'],
    ]);
  });

  it('refuses a bad template or schedule with exit 2 and a message naming it', async () => {
    const placeholder = await failure(['create', '--name', 'Typo', '--message', 'Hi {{frist_name}}']);
    expect(placeholder).toMatchObject({ code: 2, error: { code: 'invalid_input' } });
    expect(placeholder.error.message).toContain('{{frist_name}}');

    const when = await failure(['create', '--name', 'x', '--message', 'Hi', '--schedule', 'tomorrow 10am']);
    expect(when).toMatchObject({ code: 2, error: { code: 'invalid_input', message: expect.stringContaining('YYYY-MM-DD HH:MM') } });

    const past = await failure(['create', '--name', 'x', '--message', 'Hi', '--schedule', '2001-01-01 10:00']);
    expect(past.error.message).toMatch(/not in the future/);
  });

  it('refuses a bad id, sample count, type or missing option with exit 2', async () => {
    const badId = await failure(['start', 'abc']);
    expect(badId).toMatchObject({
      code: 2,
      error: { code: 'invalid_input', message: expect.stringContaining('"abc" is not a campaign id') },
    });

    const sample = await failure(['preview', '1', '--sample', 'lots']);
    expect(sample).toMatchObject({ code: 2, error: { message: expect.stringContaining('--sample') } });

    const type = await cli(['create', '--name', 'x', '--message', 'Hi', '--type', 'video']);
    expect(type.code).toBe(2);
    expect(type.stderr).toContain('video');

    const missing = await cli(['create', '--message', 'Hi']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--name');
  });

  it('answers exit 1 for an unknown campaign or an illegal transition', async () => {
    const unknown = await failure(['status', '42']);
    expect(unknown).toMatchObject({ code: 1, error: { code: 'not_found', message: expect.stringContaining('no campaign 42') } });

    await json(['create', '--name', 'Draft', '--message', 'Hi']);
    const pause = await failure(['pause', '1']);
    expect(pause).toMatchObject({ code: 1, error: { code: 'conflict' } });
    expect(pause.error.message).toBe('Campaign 1 is draft, so it cannot be paused (possible now: schedule, start, cancel)');

    const human = await cli(['resume', '1']);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain('cannot be resumed');
  });
});
