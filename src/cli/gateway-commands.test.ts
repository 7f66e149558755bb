import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../test/support/index.js';
import { useCliWithSimulator } from '../../test/support/cli-with-simulator.js';
import { Secret } from '../config/index.js';
import { formatLocal } from '../quiet-hours/index.js';
import { createGatewayClient } from '../gateway/index.js';

// Spawned-process tests of `cafe-sms send | get | list` against the simulator (run `npm run build` first).

const TOKEN = 'cli-test-token-7f3a9c';
const UID = /^[0-9a-f]{13}$/;

// Far-off delivery keeps a sent message "Enroute" however slow the machine running the tests is.
const harness = useCliWithSimulator({
  token: TOKEN,
  dirPrefix: 'cafe-cli-gateway-',
  eachTest: { blacklist: [], perPage: 25, deliveryDelayMs: 3_600_000 },
});

function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return runCli(args, { cwd: harness.dir.path, env: { SMSAPP_API_URL: harness.sim.url, SMSAPP_API_TOKEN: TOKEN, ...env } });
}

function expectNoToken(result: CliResult): void {
  expect(result.stdout).not.toContain(TOKEN);
  expect(result.stderr).not.toContain(TOKEN);
}

async function sendJson(phone: string, message: string): Promise<{ uid: string }> {
  const result = await cli(['send', phone, message, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { uid: string };
}

describe('cafe-sms send', () => {
  it('sends one SMS and says once, plainly, that it is sent but not yet delivered, with its uid, encoding and segments', async () => {
    const result = await cli(['send', '0300-1234567', 'Your chai is ready']);
    expect(result.code, result.stderr).toBe(0);
    const [record] = harness.sim.sentTo('923001234567');
    expect(record?.message).toBe('Your chai is ready');
    expect(result.stdout.split('\n')[0]).toBe(
      `Sent to the gateway (uid ${record?.uid}). Not delivered yet: follow it with \`npx cafe-sms get ${record?.uid}\`.`,
    );
    // The gateway's "Delivered" at send time means only accepted: the human lines do not repeat it.
    expect(result.stdout).not.toMatch(/Delivered/);
    expect(result.stdout).toMatch(/to\s+923001234567/);
    expect(result.stdout).toMatch(/encoding\s+GSM-7/);
    expect(result.stdout).toMatch(/segments\s+1/);
    expectNoToken(result);
  });

  it('prints a JSON result with --json', async () => {
    const result = await cli(['send', '+92 300 1234568', 'آپ کا آرڈر تیار ہے', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(json).toEqual({
      outcome: 'accepted',
      to: '923001234568',
      type: 'text',
      uid: expect.stringMatching(UID),
      status: 'Delivered',
      encoding: 'UCS-2',
      segments: 1,
      characters: 18,
      // The same words as the dashboard and the API: the send-time "Delivered" means accepted.
      shownAs: {
        stage: 'sent',
        label: 'Sent to the gateway',
        detail: 'the gateway said: Delivered (this means it accepted the message); waiting for the delivery report',
      },
    });
    expect(harness.sim.sentTo('923001234568')[0]?.uid).toBe(json.uid);
  });

  it('sends an image message as its URL', async () => {
    const result = await cli(['send', '03001234567', 'https://cafe.example/menu.png', '--type', 'image', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(harness.sim.sentTo('923001234567')[0]?.sms_type).toBe('mms');
  });

  it('refuses a bad phone number with exit 2, naming it, and sends nothing', async () => {
    const result = await cli(['send', '12345', 'hello']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"12345" is not a valid phone number');
    expect(harness.sim.stats().requests).toBe(0);
  });

  it('reports bad input as JSON on stdout with --json', async () => {
    const result = await cli(['send', '12345', 'hello', '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'invalid_input', input: '12345' } });
  });

  it('refuses an unknown --type, an empty message and an image that is not a URL', async () => {
    const badType = await cli(['send', '03001234567', 'hi', '--type', 'video']);
    expect(badType.code).toBe(2);
    expect(badType.stderr).toContain('--type must be text or image, got "video"');
    const empty = await cli(['send', '03001234567', '  ']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('the message is empty');
    const notUrl = await cli(['send', '03001234567', 'menu.png', '--type', 'image']);
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toContain('http(s) URL');
    expect(harness.sim.stats().requests).toBe(0);
  });

  it('refuses to run without a token, saying how to set SMSAPP_API_TOKEN', async () => {
    const result = await cli(['send', '03001234567', 'hello'], { SMSAPP_API_TOKEN: undefined });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SMSAPP_API_TOKEN');
    expect(harness.sim.stats().requests).toBe(0);
  });

  it('reads the token from a .env file in the working folder', async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(harness.dir.file('.env'), `SMSAPP_API_TOKEN=${TOKEN}\n`);
    const result = await cli(['send', '03001234567', 'hello'], { SMSAPP_API_TOKEN: undefined });
    expect(result.code, result.stderr).toBe(0);
    expectNoToken(result);
  });

  it('exits 1 with the gateway reason for a blacklisted number', async () => {
    harness.sim.setOptions({ blacklist: ['923001234567'] });
    const result = await cli(['send', '03001234567', 'hello']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Number contains in the blacklist');
    expect(result.stderr).toMatch(/^cafe-sms: Nothing was sent to 923001234567\. /);
    expect(result.stderr.match(/gateway/gi)).toHaveLength(1);
    expect(harness.sim.sentTo('923001234567')).toHaveLength(0);
    expectNoToken(result);
  });

  it('exits 1 when the gateway refuses the token, without printing it', async () => {
    const result = await cli(['send', '03001234567', 'hello'], { SMSAPP_API_TOKEN: 'wrong-token-value' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'cafe-sms: The gateway did not accept the API token (it answered "Unauthenticated."): ' +
        'check SMSAPP_API_TOKEN in the environment or .env\n',
    );
    expect(result.stderr).not.toContain('HTTP 200');
    expect(result.stderr).not.toContain('wrong-token-value');
    expect(result.stdout).not.toContain('wrong-token-value');
  });

  it('says the outcome is unknown when the answer is lost, and to check the list before re-sending', async () => {
    harness.sim.injectFaults({ kind: 'cut_after_accept', on: 'send' });
    const result = await cli(['send', '03001234567', 'hello']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is unknown');
    expect(result.stderr).toContain('may have been sent');
    expect(result.stderr).toContain('cafe-sms list');
    expect(harness.sim.sentTo('923001234567')).toHaveLength(1);
  });
});

describe('cafe-sms send: customers who opted out', () => {
  /** The contacts store of these tests: a real SQLite file the contacts commands write. */
  const withDb = (): Record<string, string> => ({ DATABASE_URL: harness.dir.file('cafe.db'), LOG_LEVEL: 'warn' });

  async function contacts(args: string[]): Promise<void> {
    const result = await cli(['contacts', ...args], withDb());
    expect(result.code, result.stderr).toBe(0);
  }

  it('refuses a number that opted out, naming it and when, and sends nothing (exit 1)', async () => {
    await contacts(['optout', '0300-1234567', '--reason', 'asked in person']);
    const result = await cli(['send', '0300-1234567', 'Promo: 20% off'], withDb());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^cafe-sms: 923001234567 opted out on \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(cafe time\)/);
    expect(result.stderr).toContain('asked in person');
    expect(result.stderr).toContain('nothing was sent');
    expect(harness.sim.stats().requests).toBe(0);
  });

  it('says so as JSON with --json: code conflict, the number and since when', async () => {
    await contacts(['optout', '03001234567']);
    const result = await cli(['send', '+92 300 1234567', 'Promo', '--json'], withDb());
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      error: {
        code: 'conflict',
        input: '923001234567',
        details: { optedOut: true, optedOutAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
      },
    });
    expect(harness.sim.stats().requests).toBe(0);
  });

  it('sends to contacts who did not opt out, to numbers it does not know, and to a customer who opted back in', async () => {
    await contacts(['add', '03001234567', '--name', 'Ayesha']);
    await contacts(['optout', '03001234569']);
    expect((await cli(['send', '03001234567', 'Your chai is ready'], withDb())).code).toBe(0);
    expect((await cli(['send', '03001234568', 'Your chai is ready'], withDb())).code).toBe(0);
    await contacts(['optin', '03001234569']);
    expect((await cli(['send', '03001234569', 'Welcome back'], withDb())).code).toBe(0);
    expect(
      harness.sim
        .outbound()
        .map((record) => record.to)
        .sort(),
    ).toEqual(['923001234567', '923001234568', '923001234569']);
  });

  it('does not create a database just to look a number up', async () => {
    const result = await cli(['send', '03001234567', 'hello'], withDb());
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(harness.dir.file('cafe.db'))).toBe(false);
    // Nor the default one (./data/cafe-sms.db).
    expect((await cli(['send', '03001234568', 'hello'])).code).toBe(0);
    expect(existsSync(harness.dir.file('data'))).toBe(false);
    expect(harness.sim.outbound()).toHaveLength(2);
  });
});

describe('cafe-sms get', () => {
  it('prints the record of a message', async () => {
    const { uid } = await sendJson('03001234567', 'Table 4 is ready');
    const result = await cli(['get', uid]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`uid\\s+${uid}`));
    expect(result.stdout).toMatch(/to\s+923001234567/);
    expect(result.stdout).toMatch(/from\s+Cafe de Revenue/);
    // What happened in the words every screen uses, with the gateway's own status behind "why".
    expect(result.stdout).toMatch(/delivery\s+Sent to the gateway\n/);
    expect(result.stdout).toMatch(/why\s+the gateway said: Enroute \(on its way to the phone\); waiting for the delivery report/);
    expect(result.stdout).not.toMatch(/state\s+pending/);
    expect(result.stdout).toMatch(/direction\s+outbound/);
    expect(result.stdout).toMatch(/segments\s+1/);
    expect(result.stdout).toMatch(/created\s+\d{4}-\d\d-\d\d/);
    expectNoToken(result);
  });

  it('prints the record as JSON with --json', async () => {
    const { uid } = await sendJson('03001234567', 'Table 4 is ready');
    const result = await cli(['get', uid, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      uid,
      to: '923001234567',
      message: 'Table 4 is ready',
      direction: 'outbound',
      smsCount: 1,
      status: 'Enroute',
      state: 'pending',
      shownAs: { stage: 'sent', label: 'Sent to the gateway' },
    });
  });

  it('says "Not delivered" once the delivery report says so, and "Delivered" only then', async () => {
    harness.sim.setOptions({ deliveryDelayMs: 0 });
    const undelivered = await sendJson('03001234560', 'Table 4 is ready');
    const delivered = await sendJson('03001234561', 'Table 5 is ready');
    const notDelivered = await cli(['get', undelivered.uid]);
    expect(notDelivered.code, notDelivered.stderr).toBe(0);
    expect(notDelivered.stdout).toMatch(/delivery\s+Not delivered\n/);
    expect(notDelivered.stdout).toMatch(/why\s+the gateway said: Undelivered \(the phone network could not deliver it\)/);
    const json = JSON.parse((await cli(['get', delivered.uid, '--json'])).stdout) as { shownAs: unknown };
    expect(json.shownAs).toEqual({ stage: 'delivered', label: 'Delivered', detail: 'the gateway said: Delivered' });
  });

  it('shows a customer’s reply with its status, not as a delivery', async () => {
    const reply = harness.sim.injectInbound({ from: '923001234567', message: 'Thanks!' });
    const result = await cli(['get', reply.uid]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/status\s+Delivered/);
    expect(result.stdout).toMatch(/direction\s+inbound/);
    expect(result.stdout).not.toMatch(/^delivery/m);
    expect(JSON.parse((await cli(['get', reply.uid, '--json'])).stdout)).not.toHaveProperty('shownAs');
  });

  it('exits 1 with a clear message for an unknown uid', async () => {
    const result = await cli(['get', '0123456789abc']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No message with uid "0123456789abc"');
    const json = await cli(['get', '0123456789abc', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'not_found' } });
  });

  it('refuses to run without a token', async () => {
    const result = await cli(['get', '0123456789abc'], { SMSAPP_API_TOKEN: undefined });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SMSAPP_API_TOKEN');
  });
});

describe('cafe-sms list', () => {
  /** Setup through the real client in this process: quicker than three CLI runs. */
  async function sendThree(): Promise<string[]> {
    const client = createGatewayClient({ baseUrl: harness.sim.url, token: new Secret(TOKEN), senderId: 'Cafe de Revenue' });
    const uids: string[] = [];
    for (const to of ['923001234561', '923001234562', '923001234563']) {
      const outcome = await client.send({ to, message: `hi ${to}` });
      if (outcome.outcome !== 'accepted' || outcome.uid === undefined) throw new Error(`setup send failed: ${outcome.outcome}`);
      uids.push(outcome.uid);
    }
    return uids;
  }

  it('prints one page as a table, newest first, with inbound messages too', async () => {
    const uids = await sendThree();
    harness.sim.injectInbound({ from: '923001234569', message: 'STOP' });
    const result = await cli(['list']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('Page 1 of 1, 4 messages in all');
    expect(lines[1]).toMatch(/^UID\s+DIR\s+TO\s+FROM\s+STATUS\s+STATE\s+SEG\s+CREATED\s+MESSAGE$/);
    expect(lines[2]).toMatch(/\bin\b.*STOP$/);
    expect(lines.slice(3).map((line) => line.split(/\s+/)[0])).toEqual([...uids].reverse());
    expectNoToken(result);
  });

  it('shows when each message was made in cafe time, and keeps the ISO time in --json', async () => {
    await sendThree();
    const records = JSON.parse((await cli(['list', '--json'])).stdout) as { uid: string; createdAt: string }[];
    const newest = records[0]!;
    expect(newest.createdAt).toMatch(/T.*Z$/);
    const cafeTime = formatLocal(new Date(newest.createdAt));
    const table = await cli(['list']);
    expect(table.stdout.split('\n').find((line) => line.startsWith(newest.uid))).toContain(`  ${cafeTime}  `);
    expect(table.stdout).not.toMatch(/\d{4}-\d\d-\d\dT/);
    const one = await cli(['get', newest.uid]);
    expect(one.stdout).toMatch(new RegExp(`^created\\s+${cafeTime}$`, 'm'));
  });

  it('prints the records as a JSON array with --json', async () => {
    const uids = await sendThree();
    const result = await cli(['list', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const records = JSON.parse(result.stdout) as { uid: string }[];
    expect(records.map((r) => r.uid)).toEqual([...uids].reverse());
  });

  it('shows the page asked for, and every page with --all', async () => {
    harness.sim.setOptions({ perPage: 2 });
    const uids = await sendThree();
    const page2 = await cli(['list', '--page', '2', '--json']);
    expect(page2.code, page2.stderr).toBe(0);
    expect((JSON.parse(page2.stdout) as { uid: string }[]).map((r) => r.uid)).toEqual([uids[0]]);

    const human = await cli(['list', '--page', '1']);
    expect(human.stdout).toContain('Page 1 of 2, 3 messages in all (next: --page 2)');

    const past = await cli(['list', '--page', '3']);
    expect(past.code, past.stderr).toBe(0);
    expect(past.stdout).toBe('There is no page 3: the last is page 2, 3 messages in all.\n');

    const all = await cli(['list', '--all', '--json']);
    expect(all.code, all.stderr).toBe(0);
    expect((JSON.parse(all.stdout) as { uid: string }[]).map((r) => r.uid)).toEqual([...uids].reverse());

    const allHuman = await cli(['list', '--all']);
    expect(allHuman.stdout.trim().split('\n').at(-1)).toBe('3 messages');
  });

  it('says so when there are no messages', async () => {
    const result = await cli(['list']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('No messages.');
  });

  it('refuses a --page that is not a positive whole number', async () => {
    for (const page of ['0', 'abc', '1.5', '']) {
      const result = await cli(['list', '--page', page]);
      expect(result.code, page).toBe(2);
      expect(result.stderr).toContain(`--page must be a whole number from 1, got "${page}"`);
    }
    const both = await cli(['list', '--page', '2', '--all']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('either --page N or --all');
    expect(harness.sim.stats().requests).toBe(0);
  });

  it('exits 1 when the gateway fails the read', async () => {
    harness.sim.injectFaults({ kind: 'unauthenticated', on: 'list', times: 10 });
    const result = await cli(['list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Unauthenticated|token/i);
  });

  it('refuses to run without a token', async () => {
    const result = await cli(['list'], { SMSAPP_API_TOKEN: undefined });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SMSAPP_API_TOKEN');
  });
});
