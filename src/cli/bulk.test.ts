import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BULK_CSV_WITH_UNCLOSED_QUOTE,
  BULK_CSV_WITHOUT_MESSAGE_COLUMN,
  localPhone,
  normalizedPhone,
  runCli,
  startCli,
  type CliResult,
} from '../../test/support/index.js';
import { useCliWithSimulator } from '../../test/support/cli-with-simulator.js';

// Spawned-process tests of `cafe-sms bulk` against the simulator (run `npm run build` first).

const TOKEN = 'bulk-test-token-e81b2d';

const harness = useCliWithSimulator({
  token: TOKEN,
  dirPrefix: 'cafe-cli-bulk-',
  eachTest: { blacklist: [], bulkAnswer: 'records', latencyMs: 0 },
});

function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return runCli(args, {
    cwd: harness.dir.path,
    env: { SMSAPP_API_URL: harness.sim.url, SMSAPP_API_TOKEN: TOKEN, ...env },
    timeoutMs: 60_000,
  });
}

async function writeCsv(name: string, content: string): Promise<string> {
  await writeFile(harness.dir.file(name), content);
  return name;
}

function customerCsv(count: number, eol = '\n'): string {
  const lines = ['phone,message'];
  for (let i = 0; i < count; i++) lines.push(`${localPhone(i)},"Salam ${i}, your order is ready"`);
  return lines.join(eol) + eol;
}

interface ResultRow {
  line: string;
  phone: string;
  outcome: string;
  uid: string;
  error: string;
}

async function readResults(name: string): Promise<ResultRow[]> {
  return parse<ResultRow>(await readFile(harness.dir.file(name), 'utf8'), { columns: true });
}

interface Summary {
  total: number;
  accepted: number;
  rejected: number;
  unknown: number;
  notSent: number;
  invalid: number;
  skipped: number;
  segments: number;
  resultsFile: string | null;
  invalidRows: { line: number; reason: string }[];
  warning?: string;
  error?: { code: string; message: string };
}

describe('cafe-sms bulk: sending a file', () => {
  it('sends every row once and writes one result per row in input order', async () => {
    await writeCsv('customers.csv', customerCsv(300));
    const result = await cli(['bulk', 'customers.csv', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary).toMatchObject({
      total: 300,
      accepted: 300,
      rejected: 0,
      unknown: 0,
      invalid: 0,
      segments: 300,
      resultsFile: harness.dir.file('customers.csv.results.csv'),
      invalidRows: [],
    });

    expect(harness.sim.outbound()).toHaveLength(300);
    const rows = await readResults('customers.csv.results.csv');
    expect(rows).toHaveLength(300);
    rows.forEach((row, i) => {
      expect(row).toMatchObject({ line: String(i + 2), phone: normalizedPhone(i), outcome: 'accepted', error: '' });
      const sent = harness.sim.sentTo(normalizedPhone(i));
      expect(sent).toHaveLength(1);
      expect(sent[0]?.uid).toBe(row.uid);
      expect(sent[0]?.message).toBe(`Salam ${i}, your order is ready`);
    });
  });

  it('prints a short human summary and writes to --out', async () => {
    await writeCsv('c.csv', customerCsv(3));
    const result = await cli(['bulk', 'c.csv', '--out', 'done.csv']);
    expect(result.code, result.stderr).toBe(0);
    // No rate for a run this short: it would measure start-up, not sending.
    expect(result.stdout).toMatch(/^c\.csv: 3 of 3 rows accepted in \d+\.\d+ s$/m);
    expect(result.stdout).toMatch(/^ {2}accepted {2}3$/m);
    expect(result.stdout).toMatch(/^ {2}segments {2}3$/m);
    expect(result.stdout).toContain(`Results: ${harness.dir.file('done.csv')}`);
    expect(await readResults('done.csv')).toHaveLength(3);
    expect(existsSync(harness.dir.file('c.csv.results.csv'))).toBe(false);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  it('sends image rows as images, and reads a BOM, CRLF and header names in any case', async () => {
    const csv = '\uFEFF Phone ,MESSAGE,Type\r\n03001234567,https://cafe.example/menu.png,image\r\n03001234568,Plain text,TEXT\r\n';
    await writeCsv('mixed.csv', csv);
    const result = await cli(['bulk', 'mixed.csv', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(harness.sim.sentTo('923001234567')[0]).toMatchObject({ sms_type: 'mms', message: 'https://cafe.example/menu.png' });
    expect(harness.sim.sentTo('923001234568')[0]).toMatchObject({ sms_type: 'plain', message: 'Plain text' });
  });

  it('sends ~2,000 rows', async () => {
    await writeCsv('big.csv', customerCsv(2000, '\r\n'));
    const result = await cli(['bulk', 'big.csv', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 2000, accepted: 2000 });
    expect(harness.sim.outbound()).toHaveLength(2000);
    const rows = await readResults('big.csv.results.csv');
    expect(rows).toHaveLength(2000);
    expect(rows.at(-1)).toMatchObject({ line: '2001', phone: normalizedPhone(1999), outcome: 'accepted' });
  });

  it('accepts rows without uids when the gateway answers only a count', async () => {
    harness.sim.setOptions({ bulkAnswer: 'count' });
    await writeCsv('c.csv', customerCsv(60));
    const result = await cli(['bulk', 'c.csv', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ accepted: 60, segments: 60 });
    expect((await readResults('c.csv.results.csv')).every((row) => row.outcome === 'accepted')).toBe(true);
  });
});

describe('cafe-sms bulk: gateway refusals and faults', () => {
  it('exits 1 and records the reason when the gateway refuses some numbers', async () => {
    harness.sim.setOptions({ blacklist: [normalizedPhone(1)] });
    await writeCsv('c.csv', customerCsv(3));
    const result = await cli(['bulk', 'c.csv']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}rejected {2}1$/m);
    expect(result.stdout).toMatch(/Rejected 1 × .*Number contains in the blacklist.* \(line 3\)/);
    const rows = await readResults('c.csv.results.csv');
    expect(rows.map((row) => row.outcome)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(rows[1]?.error).toContain('Number contains in the blacklist');
  });

  it('stops at the first refusal of the API token: one call, the other rows not_sent, a plain message, exit 1', async () => {
    await writeCsv('c.csv', customerCsv(500));
    const result = await cli(['bulk', 'c.csv'], { SMSAPP_API_TOKEN: 'not-the-token' });
    expect(result.code).toBe(1);
    expect(harness.sim.stats().requests).toBe(1);
    expect(harness.sim.outbound()).toEqual([]);
    expect(result.stderr).toBe(
      'cafe-sms: The gateway did not accept the API token (it answered "Unauthenticated."): ' +
        'check SMSAPP_API_TOKEN in the environment or .env. ' +
        'Nothing was sent: sending stopped at the first refusal. Fix the token and send the file again.\n',
    );
    expect(result.stdout).toMatch(/^ {2}rejected {2}50$/m);
    expect(result.stdout).toMatch(/^ {2}not_sent {2}450$/m);
    expect(result.stdout + result.stderr).not.toContain('HTTP 200');
    const rows = await readResults('c.csv.results.csv');
    expect(rows).toHaveLength(500);
    expect(rows.filter((row) => row.outcome === 'rejected')).toHaveLength(50);
    expect(rows.filter((row) => row.outcome === 'not_sent')).toHaveLength(450);
    expect(rows[0]?.error).toBe(
      'The gateway did not accept the API token (it answered "Unauthenticated."): check SMSAPP_API_TOKEN in the environment or .env',
    );

    const json = await cli(['bulk', 'c.csv', '--json'], { SMSAPP_API_TOKEN: 'not-the-token' });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ rejected: 50, notSent: 450, accepted: 0, error: { code: 'auth' } });
  });

  it('warns that unknown outcomes may have been sent and exits 1', async () => {
    harness.sim.injectFaults({ kind: 'cut_after_accept', on: 'bulk' });
    await writeCsv('c.csv', customerCsv(120));
    const result = await cli(['bulk', 'c.csv']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}unknown {3}50$/m);
    expect(result.stderr).toMatch(/Warning: 50 messages \(lines [\d, ]+, …\) had an unknown outcome: they may have been sent/);
    expect(result.stderr).toContain('cafe-sms list');
    const rows = await readResults('c.csv.results.csv');
    expect(rows.filter((row) => row.outcome === 'unknown')).toHaveLength(50);
    expect(rows.filter((row) => row.outcome === 'accepted')).toHaveLength(70);
    // The cut call was processed: every row reached the simulator exactly once.
    expect(harness.sim.outbound()).toHaveLength(120);
  });

  it('puts the warning in the JSON summary with --json', async () => {
    harness.sim.injectFaults({ kind: 'cut_after_accept', on: 'bulk' });
    await writeCsv('c.csv', customerCsv(10));
    const result = await cli(['bulk', 'c.csv', '--json']);
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary).toMatchObject({ accepted: 0, unknown: 10 });
    expect(summary.warning).toContain('may have been sent');
  });
});

describe('cafe-sms bulk: interrupted', () => {
  const ROWS = 5000;
  /** Refused by the gateway: one answered long before the interrupt, one in the calls in flight at it, one never sent. */
  const BLACKLISTED = [5, 560, 4000];

  /**
   * Starts `cafe-sms bulk` on a 5,000-row file against the simulator answering every call after
   * 300 ms, and sends it SIGINT once the third wave of its 4 concurrent calls has reached the
   * simulator (about 0.6 s in): those calls are in flight, answered some 300 ms after the interrupt.
   * Answers what the simulator had recorded at the interrupt, and the run's result.
   */
  async function interruptedRun(args: string[]): Promise<{ result: CliResult; sentAtInterrupt: Set<string>; requestsAtInterrupt: number }> {
    harness.sim.setOptions({ latencyMs: 300, blacklist: BLACKLISTED.map(normalizedPhone) });
    await writeCsv('c.csv', customerCsv(ROWS));
    const running = startCli(['bulk', 'c.csv', ...args], {
      cwd: harness.dir.path,
      env: { SMSAPP_API_URL: harness.sim.url, SMSAPP_API_TOKEN: TOKEN },
    });
    for (let waited = 0; harness.sim.stats().requests < 12 && waited < 20_000; waited += 5) await sleep(5);
    const requestsAtInterrupt = harness.sim.stats().requests;
    const sentAtInterrupt = new Set(harness.sim.outbound().map((record) => record.to));
    running.child.kill('SIGINT');
    // One SIGINT only (stop() would send another); killed if it has not ended in 20 s.
    const guard = setTimeout(() => running.child.kill('SIGKILL'), 20_000);
    const result = await running.exited().finally(() => clearTimeout(guard));
    return { result, sentAtInterrupt, requestsAtInterrupt };
  }

  /** What the simulator's own record and the results file must agree on after any interrupted run. */
  function expectResultsMatchTheGateway(rows: ResultRow[], sentAtInterrupt: Set<string>): void {
    expect(rows).toHaveLength(ROWS);
    expect(rows.map((row) => row.line)).toEqual(Array.from({ length: ROWS }, (_, i) => String(i + 2)));
    for (const row of rows) {
      const sent = harness.sim.sentTo(row.phone);
      if (row.outcome === 'accepted') {
        // Sent exactly once, and the results file holds the gateway's uid for it.
        expect(
          sent.map((record) => record.uid),
          `line ${row.line}`,
        ).toEqual([row.uid]);
      } else if (row.outcome === 'rejected') {
        expect(BLACKLISTED.map(normalizedPhone)).toContain(row.phone);
        expect(sent, `line ${row.line}`).toHaveLength(1);
        expect(row.error).toContain('blacklist');
      } else {
        expect(row.outcome, `line ${row.line}: ${row.error}`).toBe('not_sent');
        expect(sent, `line ${row.line} is not_sent but reached the gateway`).toEqual([]);
        expect(row.error).toBe('not sent: sending stopped (interrupted (Ctrl-C)) before this row was handed to the gateway');
      }
    }
    // Every call that reached the gateway before the interrupt was answered, so none of its rows is unknown.
    for (const phone of sentAtInterrupt) {
      const row = rows.find((candidate) => candidate.phone === phone);
      expect(['accepted', 'rejected'], `${phone}: ${row?.outcome} ${row?.error}`).toContain(row?.outcome);
    }
    // The rows sent are the file's first ones; every row after them is not_sent.
    const firstNotSent = rows.findIndex((row) => row.outcome === 'not_sent');
    expect(firstNotSent).toBeGreaterThan(0);
    expect(rows.slice(firstNotSent).every((row) => row.outcome === 'not_sent')).toBe(true);
    expect(harness.sim.outbound()).toHaveLength(firstNotSent);
  }

  it('lets the calls in flight finish and records what they became; the rows never sent are not_sent (--json)', async () => {
    const { result, sentAtInterrupt, requestsAtInterrupt } = await interruptedRun(['--json']);
    expect(result.signal, result.stderr).toBeNull();
    expect(result.code, result.stderr).toBe(1);
    // The calls of the third wave were in flight at the interrupt.
    expect(requestsAtInterrupt).toBeGreaterThanOrEqual(12);
    expect(sentAtInterrupt.size).toBeGreaterThanOrEqual(12 * 50);

    const rows = await readResults('c.csv.results.csv');
    expectResultsMatchTheGateway(rows, sentAtInterrupt);
    const count = (outcome: string) => rows.filter((row) => row.outcome === outcome).length;
    expect(count('unknown')).toBe(0);
    expect(count('rejected')).toBe(2);
    expect(count('accepted')).toBe(harness.sim.outbound().length - 2);
    expect(count('accepted') + count('rejected')).toBeGreaterThanOrEqual(sentAtInterrupt.size);

    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary).toMatchObject({
      total: ROWS,
      accepted: count('accepted'),
      rejected: 2,
      unknown: 0,
      notSent: count('not_sent'),
      invalid: 0,
      skipped: 0,
      segments: count('accepted'),
      error: { code: 'internal' },
    });
    expect(summary.accepted + summary.rejected + summary.unknown + summary.notSent + summary.invalid + summary.skipped).toBe(ROWS);
    expect(summary.error?.message).toContain(`Sending stopped early (interrupted (Ctrl-C)): ${count('not_sent')} rows were not sent`);
    expect(summary.warning).toBeUndefined();
  });

  it('says in the summary how many rows were not sent and how to send just those, and exits 1', async () => {
    const { result, sentAtInterrupt } = await interruptedRun([]);
    expect(result.signal, result.stderr).toBeNull();
    expect(result.code, result.stderr).toBe(1);
    const rows = await readResults('c.csv.results.csv');
    expectResultsMatchTheGateway(rows, sentAtInterrupt);
    const notSent = rows.filter((row) => row.outcome === 'not_sent');
    const accepted = rows.filter((row) => row.outcome === 'accepted').length;
    const first = Number(notSent[0]?.line);

    expect(result.stdout).toMatch(new RegExp(`^c\\.csv: ${accepted} of 5000 rows accepted in `, 'm'));
    expect(result.stdout).toMatch(/^ {2}rejected {2}2$/m);
    expect(result.stdout).toMatch(/^ {2}unknown {3}0$/m);
    expect(result.stdout).toMatch(new RegExp(`^ {2}not_sent {2}${notSent.length}$`, 'm'));
    expect(result.stdout).toMatch(
      new RegExp(
        `^Not sent ${notSent.length} rows \\(sending stopped: interrupted \\(Ctrl-C\\)\\): lines ${first}, ${first + 1}, .*, …$`,
        'm',
      ),
    );
    // Not a refusal by the gateway.
    expect(result.stdout).not.toMatch(/^Rejected .*not sent/m);
    expect(result.stderr).toContain('Ctrl-C: no new messages will be sent');
    expect(result.stderr).toContain(
      `cafe-sms: Sending stopped early (interrupted (Ctrl-C)): ${notSent.length} rows were not sent. ` +
        'To finish, send a file of only those rows (outcome not_sent in the results file)',
    );
    expect(result.stderr).toContain('sending the whole file again would send the other rows a second time');
  });

  it('quits at once on a second Ctrl-C', async () => {
    harness.sim.setOptions({ latencyMs: 3_000 });
    await writeCsv('c.csv', customerCsv(1000));
    const running = startCli(['bulk', 'c.csv'], {
      cwd: harness.dir.path,
      env: { SMSAPP_API_URL: harness.sim.url, SMSAPP_API_TOKEN: TOKEN },
    });
    for (let waited = 0; harness.sim.stats().requests < 4 && waited < 20_000; waited += 5) await sleep(5);
    const started = performance.now();
    running.child.kill('SIGINT');
    await sleep(300);
    const result = await running.stop('SIGINT');
    expect(result.signal).toBe('SIGINT');
    expect(performance.now() - started).toBeLessThan(2_500);
  });
});

describe('cafe-sms bulk: invalid rows', () => {
  const badFile = [
    'phone,message,type',
    '03001234561,fine,text',
    '12345,bad phone,text',
    '03001234562,"a message',
    'over two lines",text',
    '03001234563,,text',
    '03001234564,not-a-url,image',
    '03001234565,hello,fax',
    '03001234566,too,many,fields',
    '03001234567,also fine,',
  ].join('\n');

  it('lists every bad row with its line number and reason, sends nothing and exits 2', async () => {
    await writeCsv('bad.csv', badFile);
    const result = await cli(['bulk', 'bad.csv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad.csv has 5 invalid rows; nothing was sent');
    expect(result.stderr).toContain('--skip-invalid to send the other 3 rows');
    expect(result.stderr).toMatch(/line 3: "12345" is not a valid phone number/);
    expect(result.stderr).toMatch(/line 6: the message is empty/);
    expect(result.stderr).toMatch(/line 7: an image message must be/);
    expect(result.stderr).toMatch(/line 8: type "fax" is not text or image/);
    expect(result.stderr).toMatch(/line 9: has 4 fields but the header has 3/);
    expect(harness.sim.stats().requests).toBe(0);
    expect(existsSync(harness.dir.file('bad.csv.results.csv'))).toBe(false);
  });

  it('gives the invalid rows as JSON with --json', async () => {
    await writeCsv('bad.csv', badFile);
    const result = await cli(['bulk', 'bad.csv', '--json']);
    expect(result.code).toBe(2);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary).toMatchObject({ total: 8, accepted: 0, invalid: 5, resultsFile: null, error: { code: 'invalid_input' } });
    expect(summary.invalidRows.map((row) => row.line)).toEqual([3, 6, 7, 8, 9]);
    expect(harness.sim.stats().requests).toBe(0);
  });

  it('sends the good rows with --skip-invalid and marks the bad ones invalid in the results', async () => {
    await writeCsv('bad.csv', badFile);
    const result = await cli(['bulk', 'bad.csv', '--skip-invalid']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ {2}invalid {3}5$/m);
    expect(result.stdout).toContain('Invalid rows, not sent:');
    expect(result.stdout).toMatch(/^ {2}skipped {3}0$/m);
    expect(
      harness.sim
        .outbound()
        .map((record) => record.to)
        .sort(),
    ).toEqual(['923001234561', '923001234562', '923001234567']);
    expect(harness.sim.sentTo('923001234562')[0]?.message).toBe('a message\nover two lines');
    const rows = await readResults('bad.csv.results.csv');
    expect(rows.map((row) => [row.line, row.outcome])).toEqual([
      ['2', 'accepted'],
      ['3', 'invalid'],
      ['4', 'accepted'],
      ['6', 'invalid'],
      ['7', 'invalid'],
      ['8', 'invalid'],
      ['9', 'invalid'],
      ['10', 'accepted'],
    ]);
    expect(rows[1]).toMatchObject({ phone: '12345', error: expect.stringContaining('not a valid phone number') });
  });

  it('does not suggest --skip-invalid when no other row could be sent', async () => {
    await writeCsv('bad.csv', 'phone,message\n123,hi\n');
    const result = await cli(['bulk', 'bad.csv']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('cafe-sms: bad.csv has 1 invalid row; nothing was sent. Fix it and run it again.');
    expect(result.stderr).not.toContain('--skip-invalid');
    expect(harness.sim.stats().requests).toBe(0);
  });

  it('exits 2 with --skip-invalid when no row is valid', async () => {
    await writeCsv('bad.csv', 'phone,message\n123,hi\n');
    const result = await cli(['bulk', 'bad.csv', '--skip-invalid']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no valid rows');
    expect(harness.sim.stats().requests).toBe(0);
    expect((await readResults('bad.csv.results.csv')).map((row) => row.outcome)).toEqual(['invalid']);
  });
});

describe('cafe-sms bulk: customers who opted out', () => {
  /** The contacts store of these tests: a real SQLite file the contacts commands write. */
  const withDb = (): Record<string, string> => ({ DATABASE_URL: harness.dir.file('cafe.db'), LOG_LEVEL: 'warn' });

  async function contacts(args: string[]): Promise<void> {
    const result = await cli(['contacts', ...args], withDb());
    expect(result.code, result.stderr).toBe(0);
  }

  it('skips the rows of customers who opted out, saying so with their line and date, and sends the rest', async () => {
    await contacts(['optout', localPhone(1)]);
    await contacts(['optout', localPhone(3), '--reason', 'asked in person']);
    await contacts(['add', localPhone(2), '--name', 'Ayesha']);
    await writeCsv('c.csv', customerCsv(5));
    const result = await cli(['bulk', 'c.csv', '--json'], withDb());
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      total: 5,
      accepted: 3,
      skipped: 2,
      rejected: 0,
      invalid: 0,
      unknown: 0,
      segments: 3,
    });
    expect(
      harness.sim
        .outbound()
        .map((record) => record.to)
        .sort(),
    ).toEqual([normalizedPhone(0), normalizedPhone(2), normalizedPhone(4)]);
    const rows = await readResults('c.csv.results.csv');
    expect(rows.map((row) => [row.line, row.outcome])).toEqual([
      ['2', 'accepted'],
      ['3', 'skipped'],
      ['4', 'accepted'],
      ['5', 'skipped'],
      ['6', 'accepted'],
    ]);
    expect(rows[1]).toMatchObject({ phone: normalizedPhone(1), uid: '' });
    expect(rows[1]?.error).toMatch(/^not sent: the customer opted out on \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(cafe time\)$/);
  });

  it('lists the skipped lines in the human summary', async () => {
    await contacts(['optout', localPhone(0)]);
    await writeCsv('c.csv', customerCsv(3));
    const result = await cli(['bulk', 'c.csv'], withDb());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^c\.csv: 2 of 3 rows accepted/m);
    expect(result.stdout).toMatch(/^ {2}skipped {3}1$/m);
    expect(result.stdout).toMatch(/^ {2}rejected {2}0$/m);
    expect(result.stdout).toMatch(/^Skipped 1 row \(the customer opted out\): line 2$/m);
  });

  it('checks a large file against many opt-outs at once (imported from a file)', async () => {
    const optOuts = ['phone,opted_out', ...Array.from({ length: 600 }, (_, i) => `${localPhone(i * 3)},yes`)];
    await writeCsv('optouts.csv', `${optOuts.join('\n')}\n`);
    await contacts(['import', 'optouts.csv']);
    await writeCsv('big.csv', customerCsv(2000));
    const result = await cli(['bulk', 'big.csv', '--json'], withDb());
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 2000, accepted: 1400, skipped: 600, rejected: 0 });
    expect(harness.sim.outbound()).toHaveLength(1400);
    const optedOut = new Set(Array.from({ length: 600 }, (_, i) => normalizedPhone(i * 3)));
    expect(harness.sim.outbound().filter((record) => optedOut.has(record.to))).toEqual([]);
    const rows = await readResults('big.csv.results.csv');
    expect(rows.filter((row) => row.outcome === 'skipped').map((row) => row.phone)).toEqual(
      Array.from({ length: 600 }, (_, i) => normalizedPhone(i * 3)),
    );
  });

  it('sends nothing and exits 1 when every row is to a customer who opted out', async () => {
    await contacts(['optout', localPhone(0)]);
    await contacts(['optout', localPhone(1)]);
    await writeCsv('c.csv', customerCsv(2));
    const result = await cli(['bulk', 'c.csv'], withDb());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('every row of c.csv that could be sent is to a customer who opted out: nothing was sent');
    expect(harness.sim.stats().requests).toBe(0);
    expect((await readResults('c.csv.results.csv')).map((row) => row.outcome)).toEqual(['skipped', 'skipped']);
  });

  it('does not count opted-out rows among the rows --skip-invalid would send', async () => {
    await contacts(['optout', localPhone(1)]);
    await writeCsv('c.csv', `phone,message\n${localPhone(0)},hi\n${localPhone(1)},hi\n123,hi\n`);
    const refused = await cli(['bulk', 'c.csv', '--json'], withDb());
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout)).toMatchObject({ total: 3, invalid: 1, skipped: 1, accepted: 0 });
    const text = await cli(['bulk', 'c.csv'], withDb());
    expect(text.stderr).toContain('pass --skip-invalid to send the other 1 row (1 more is to a customer who opted out and is never sent)');
    expect(harness.sim.stats().requests).toBe(0);
  });

  it('does not create a database just to look the numbers up', async () => {
    await writeCsv('c.csv', customerCsv(2));
    expect((await cli(['bulk', 'c.csv'], withDb())).code).toBe(0);
    expect(existsSync(harness.dir.file('cafe.db'))).toBe(false);
    expect((await cli(['bulk', 'c.csv'])).code).toBe(0);
    expect(existsSync(harness.dir.file('data'))).toBe(false);
  });
});

describe('cafe-sms bulk: files that are not UTF-8', () => {
  /** What Excel's "CSV (Comma delimited)" writes on a Windows-1252 machine: é is 0xE9, – is 0x96. */
  const windows1252 = Buffer.concat([
    Buffer.from('phone,message\r\n03001234567,Plain tea\r\n03001234568,Caf'),
    Buffer.from([0xe9]),
    Buffer.from(' special '),
    Buffer.from([0x96]),
    Buffer.from(' 50% off\r\n03001234569,"Chai, and more"\r\n'),
  ]);

  it('refuses the rows that are not UTF-8 with their line, saying how to save the file, and sends nothing', async () => {
    await writeFile(harness.dir.file('bl1.csv'), windows1252);
    const result = await cli(['bulk', 'bl1.csv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bl1.csv has 1 invalid row; nothing was sent');
    expect(result.stderr).toMatch(/line 3: .*not UTF-8 text.*"CSV UTF-8 \(Comma delimited\)"/);
    expect(harness.sim.stats().requests).toBe(0);
  });

  it('sends the good rows with --skip-invalid and never the mangled text', async () => {
    await writeFile(harness.dir.file('bl1.csv'), windows1252);
    const result = await cli(['bulk', 'bl1.csv', '--skip-invalid', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 3, accepted: 2, invalid: 1 });
    expect(
      harness.sim
        .outbound()
        .map((record) => record.message)
        .sort(),
    ).toEqual(['Chai, and more', 'Plain tea']);
    const rows = await readResults('bl1.csv.results.csv');
    expect(rows.map((row) => [row.line, row.outcome])).toEqual([
      ['2', 'accepted'],
      ['3', 'invalid'],
      ['4', 'accepted'],
    ]);
    expect(rows[1]?.error).toMatch(/not UTF-8 text/);
  });

  it('reads a large Urdu file whose characters are split between the pieces it is read in', async () => {
    const message = (i: number) => `سلام ${i}، آپ کا آرڈر تیار ہے۔ کیفے ڈی ریونیو`;
    const lines = ['phone,message'];
    // Every 7th message is quoted, so both the quick line splitter and csv-parse read Urdu.
    for (let i = 0; i < 3000; i++) lines.push(`${localPhone(i)},${i % 7 === 6 ? `"${message(i)}"` : message(i)}`);
    await writeCsv('urdu.csv', `${lines.join('\r\n')}\r\n`);
    const result = await cli(['bulk', 'urdu.csv', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 3000, accepted: 3000, invalid: 0 });
    for (let i = 0; i < 3000; i++) expect(harness.sim.sentTo(normalizedPhone(i))[0]?.message).toBe(message(i));
  });
});

describe('cafe-sms bulk: unusable files and usage', () => {
  it('names a missing column', async () => {
    await writeCsv('c.csv', BULK_CSV_WITHOUT_MESSAGE_COLUMN);
    const result = await cli(['bulk', 'c.csv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no "message" column');
  });

  it('refuses an empty file and a header-only file', async () => {
    await writeCsv('empty.csv', '');
    const empty = await cli(['bulk', 'empty.csv']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('empty.csv is empty');
    await writeCsv('header.csv', 'phone,message\n');
    const header = await cli(['bulk', 'header.csv', '--json']);
    expect(header.code).toBe(2);
    expect(JSON.parse(header.stdout)).toMatchObject({ error: { code: 'invalid_input', message: expect.stringContaining('no rows') } });
  });

  it('refuses a file that does not exist', async () => {
    const result = await cli(['bulk', 'missing.csv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('File not found: missing.csv');
  });

  it('reports broken quoting with its line', async () => {
    await writeCsv('c.csv', BULK_CSV_WITH_UNCLOSED_QUOTE);
    const result = await cli(['bulk', 'c.csv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('starts on line 3 is never closed');
  });

  it('refuses a results file it cannot write before sending anything', async () => {
    await writeCsv('c.csv', customerCsv(2));
    const noFolder = await cli(['bulk', 'c.csv', '--out', 'no/such/folder/r.csv']);
    expect(noFolder.code).toBe(2);
    expect(noFolder.stderr).toContain('Cannot write the results file');
    const itself = await cli(['bulk', 'c.csv', '--out', 'c.csv']);
    expect(itself.code).toBe(2);
    expect(itself.stderr).toContain('is the input file itself');
    expect(harness.sim.stats().requests).toBe(0);
  });

  it('refuses to run without a token', async () => {
    await writeCsv('c.csv', customerCsv(2));
    const result = await cli(['bulk', 'c.csv'], { SMSAPP_API_TOKEN: undefined });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SMSAPP_API_TOKEN');
    expect(harness.sim.stats().requests).toBe(0);
  });
});
