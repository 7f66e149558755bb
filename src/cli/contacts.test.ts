import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  assertCliBuilt,
  CONTACTS_CSV_OF_10_001_COLUMNS,
  CONTACTS_CSV_WITHOUT_PHONE_COLUMN,
  createTempDir,
  guestContactsCsv,
  ONE_CONTACT_CSV,
  runCli,
  startCli,
  type CliResult,
  type TempDir,
} from '../../test/support/index.js';

// Spawned-process tests of `cafe-sms contacts …` on a real database file (run `npm run build` first).

let dir: TempDir;

beforeAll(() => {
  assertCliBuilt();
});
beforeEach(async () => {
  dir = await createTempDir('cafe-cli-contacts-');
});
afterEach(async () => {
  await dir.remove();
});

function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runCli(['contacts', ...args], { cwd: dir.path, env: { DATABASE_URL: dir.file('db.sqlite'), LOG_LEVEL: 'warn', ...env } });
}

async function json<T = Record<string, unknown>>(args: string[]): Promise<T> {
  const result = await cli([...args, '--json']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

async function writeCsv(name: string, content: string): Promise<string> {
  await writeFile(dir.file(name), content);
  return name;
}

interface ListJson {
  total: number;
  limit: number;
  offset: number;
  contacts: {
    phone: string;
    name: string | null;
    tags: string[];
    fields: Record<string, string>;
    optedOutAt: string | null;
    optOutReason: string | null;
  }[];
}

describe('cafe-sms contacts import', () => {
  it('imports a CSV and prints counts and every rejected row as JSON', async () => {
    const file = await writeCsv(
      'customers.csv',
      '\uFEFFMobile,Customer Name,Tags,Favourite Drink\n' +
        '0300-1234567,Ayesha Khan,vip,chai\n' +
        '12345,Bad Number,,\n' +
        '"0301 1234567","Bilal\nMalik",,coffee\n' +
        ',No Phone,,\n' +
        '+92 300 1234567,,lunch,\n',
    );
    const result = await json(['import', file, '--tag', 'eid', '--tag', 'walk-in,2024']);
    expect(result).toEqual({
      imported: 2,
      updated: 0,
      merged: 1,
      optedOut: 0,
      rejected: [
        { line: 3, reason: expect.stringMatching(/"12345" is not a valid phone number/), input: '12345' },
        { line: 6, reason: 'missing phone: the phone column is empty' },
      ],
      rejectedTotal: 2,
      total: 5,
    });
    // Asked before `list` runs, which would open (and so create) the file itself.
    expect(existsSync(dir.file('db.sqlite'))).toBe(true);
    const list = await json<ListJson>(['list', '--search', 'ayesha']);
    expect(list.contacts).toEqual([
      expect.objectContaining({
        phone: '923001234567',
        name: 'Ayesha Khan',
        tags: ['2024', 'eid', 'lunch', 'vip', 'walk-in'],
        fields: { favourite_drink: 'chai' },
      }),
    ]);
    expect((await json<ListJson>(['list'])).total).toBe(2);
  });

  it('prints a readable summary with the rejected lines, and exits 0 even with rejects', async () => {
    const file = await writeCsv('c.csv', 'phone,name\n03001234567,Ayesha\nnope,Bad\n03001234567,Again\n');
    const result = await cli(['import', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'Read 3 rows: 1 new, 0 updated, 1 merged into an earlier row with the same number, 1 rejected.\n' +
        '  line 3: "nope" is not a valid phone number: write it as 0300-1234567 or with the country code, +92 300 1234567\n',
    );
  });

  it('updates existing contacts on a second import', async () => {
    const file = await writeCsv('c.csv', ONE_CONTACT_CSV);
    await json(['import', file]);
    const again = await json(['import', await writeCsv('d.csv', 'phone,city\n03001234567,Lahore\n03011234567,Karachi\n')]);
    expect(again).toMatchObject({ imported: 1, updated: 1, merged: 0 });
  });

  it('exits 2 for a missing file, naming it, without creating a database', async () => {
    const result = await cli(['import', 'missing.csv', '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      error: { code: 'invalid_input', message: expect.stringContaining('missing.csv: there is no such file'), input: 'missing.csv' },
    });
    const listing = await readFile(dir.file('db.sqlite')).catch(() => null);
    expect(listing).toBeNull();
  });

  it('stops at a quote never closed, exits 2 and names the lines it stored, listing the rows rejected among them', async () => {
    const file = await writeCsv(
      'c.csv',
      'phone,name\n03001234567,Ayesha\nnope,Bad\n03011234567,Bilal\n03021234567,"Chand\n03031234567,Dawood\n',
    );
    const result = await cli(['import', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'cafe-sms: Line 5 opens a quoted field that is never closed, so the file could not be read from there on: ' +
        'look for a stray " on that line. ' +
        'Lines 2 to 4 were imported (2 contacts; 1 row rejected, as listed); nothing from line 5 on was. ' +
        'Import the rest as a file of its own — importing the same rows again is safe.\n',
    );
    expect(result.stdout).toBe(
      'Rejected in the lines imported:\n' +
        '  line 3: "nope" is not a valid phone number: write it as 0300-1234567 or with the country code, +92 300 1234567\n',
    );
    const list = await json<ListJson>(['list']);
    expect(list.contacts.map((c) => c.phone)).toEqual(['923001234567', '923011234567']);
  });

  it('gives the stored lines of a cut-off import as JSON with --json', async () => {
    const file = await writeCsv('c.csv', 'phone,name\n03001234567,Ayesha\n03011234567,"Bilal\n');
    const result = await cli(['import', file, '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'invalid_input',
        message: expect.stringMatching(/^Line 3 opens a quoted field .* Line 2 was imported \(1 contact\); nothing from line 3 on was\./),
        details: {
          stored: {
            storedThroughLine: 2,
            imported: 1,
            updated: 0,
            merged: 0,
            optedOut: 0,
            rejected: [],
            rejectedTotal: 0,
            total: 1,
            summary: expect.stringMatching(/^Line 2 was imported/),
          },
        },
      },
    });
  });

  it('refuses a header of more than 500 columns, naming the count and the limit', async () => {
    const file = await writeCsv('c.csv', CONTACTS_CSV_OF_10_001_COLUMNS);
    const result = await cli(['import', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^cafe-sms: The file's header row has 10,001 columns; a contacts file may have at most 500\./);
  });

  it('exits 2 for a file without a phone column, naming the headers found', async () => {
    const file = await writeCsv('c.csv', CONTACTS_CSV_WITHOUT_PHONE_COLUMN);
    const result = await cli(['import', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^cafe-sms: The file has no phone column: its header row reads "Name", "Email"/);
  });
});

describe('cafe-sms contacts add / list / optout / optin / remove / export', () => {
  it('adds a contact, then updates it', async () => {
    const added = await json([
      'add',
      '0300-1234567',
      '--name',
      'Ayesha',
      '--tag',
      'vip',
      '--field',
      'Favourite Drink=chai',
      '--field',
      'city=Lahore',
    ]);
    expect(added).toMatchObject({
      created: true,
      contact: { phone: '923001234567', name: 'Ayesha', tags: ['vip'], fields: { favourite_drink: 'chai', city: 'Lahore' } },
    });
    const updated = await json(['add', '+92 300 1234567', '--tag', 'lunch', '--field', 'city=']);
    expect(updated).toMatchObject({
      created: false,
      contact: { name: 'Ayesha', tags: ['lunch', 'vip'], fields: { favourite_drink: 'chai' } },
    });
    const human = await cli(['add', '03011234567', '--name', 'Bilal']);
    expect(human.stdout).toBe('Added 923011234567  Bilal\n');
  });

  it('lists with search, tags, opt-out filters and paging', async () => {
    await json([
      'import',
      await writeCsv('c.csv', 'phone,name,tags\n03001234567,Ayesha,vip\n03011234567,Bilal,lunch\n03021234567,Chand,\n'),
    ]);
    await json(['optout', '03021234567']);

    const phones = async (args: string[]) => (await json<ListJson>(['list', ...args])).contacts.map((c) => c.phone);
    expect(await phones([])).toEqual(['923001234567', '923011234567', '923021234567']);
    expect(await phones(['--search', 'bil'])).toEqual(['923011234567']);
    expect(await phones(['--tag', 'vip', '--tag', 'lunch'])).toEqual(['923001234567', '923011234567']);
    expect(await phones(['--opted-out'])).toEqual(['923021234567']);
    expect(await phones(['--subscribed'])).toEqual(['923001234567', '923011234567']);
    const page = await json<ListJson>(['list', '--limit', '1', '--offset', '1']);
    expect(page).toMatchObject({ total: 3, limit: 1, offset: 1, contacts: [{ phone: '923011234567' }] });

    const human = await cli(['list', '--limit', '2']);
    expect(human.stdout.split('\n')).toEqual([
      'PHONE         NAME    TAGS   STATUS',
      '923001234567  Ayesha  vip    subscribed',
      '923011234567  Bilal   lunch  subscribed',
      'Showing 1-2 of 3 (next page: --offset 2).',
      '',
    ]);
    expect((await cli(['list', '--search', 'nobody'])).stdout).toBe('No contacts match.\n');
  });

  it('opts out (even a number not yet a contact) and back in, saying when nothing changed', async () => {
    const out = await json(['optout', '0300-1234567', '--reason', 'asked at the counter']);
    expect(out).toMatchObject({ phone: '923001234567', changed: true, created: true, contact: { optOutReason: 'asked at the counter' } });
    expect(await json(['optout', '03001234567'])).toMatchObject({ changed: false, created: false });
    expect((await cli(['optout', '03001234567'])).stdout).toMatch(/^923001234567 was already opted out \(since 20/);

    expect(await json(['optin', '03001234567'])).toEqual({ phone: '923001234567', changed: true });
    expect((await cli(['optin', '03001234567'])).stdout).toBe('923001234567 had not opted out; nothing changed.\n');
    const [contact] = (await json<ListJson>(['list'])).contacts;
    expect(contact).toMatchObject({ optedOutAt: null, optOutReason: null });
  });

  it('removes a contact', async () => {
    await json(['add', '03001234567', '--name', 'Ayesha']);
    expect(await json(['remove', '0300-1234567'])).toMatchObject({ removed: true, contact: { phone: '923001234567' } });
    expect((await json<ListJson>(['list'])).total).toBe(0);
  });

  it('keeps a contact who opted out unless told to forget the opt-out', async () => {
    await json(['add', '03001234567']);
    await json(['optout', '03001234567']);
    const refused = await cli(['remove', '03001234567']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/923001234567 opted out on \d{4}-\d{2}-\d{2}; removing the contact would forget that.*--forget-opt-out/);
    expect((await json<ListJson>(['list'])).total).toBe(1);
    expect(await json(['remove', '03001234567', '--forget-opt-out'])).toMatchObject({ removed: true });
    expect((await json<ListJson>(['list'])).total).toBe(0);
  });

  it('exports CSV to stdout, or to a file with --out', async () => {
    await json(['add', '03001234567', '--name', 'Ayesha', '--tag', 'vip', '--field', 'drink=chai']);
    await json(['add', '03011234567', '--name', 'Bilal']);
    await json(['optout', '03011234567']);

    const stdout = await cli(['export']);
    expect(stdout.code).toBe(0);
    const rows: string[][] = parse(stdout.stdout);
    expect(rows[0]).toEqual(['phone', 'name', 'tags', 'opted_out', 'opted_out_at', 'drink']);
    expect(rows.slice(1).map((r) => r.slice(0, 4))).toEqual([
      ['923001234567', 'Ayesha', 'vip', 'no'],
      ['923011234567', 'Bilal', '', 'yes'],
    ]);

    const toFile = await json(['export', '--out', 'vip.csv', '--tag', 'vip']);
    expect(toFile).toMatchObject({ exported: 1, file: 'vip.csv' });
    const text = await readFile(dir.file('vip.csv'), 'utf8');
    expect(text).toBe('\uFEFFphone,name,tags,opted_out,opted_out_at,drink\n923001234567,Ayesha,vip,no,,chai\n');
  });

  it.each([
    [['add', '12345'], /"12345" is not a valid phone number/],
    [['add', '03001234567', '--field', 'nokey'], /--field "nokey" must look like key=value/],
    [['add', '03001234567', '--field', 'name=x'], /not a custom field: use --name/],
    [['add', '03001234567', '--field', 'tags=x'], /--field tags=… is not a custom field/],
    [['list', '--limit', '0'], /--limit must be a whole number from 1 to 10000/],
    [['list', '--opted-out', '--subscribed'], /either --opted-out or --subscribed/],
    [['export', '--out', 'no/such/folder/x.csv'], /Cannot write no\/such\/folder\/x\.csv/],
  ])('exits 2 for bad input: %j', async (args, message) => {
    const result = await cli([...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it.each([[['optin', '03001234567']], [['remove', '03001234567']]])(
    'exits 1 for a contact that is not there, as for an unknown campaign: %j',
    async (args) => {
      const result = await cli([...args]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/no contact with phone 923001234567/);
    },
  );

  it('ends quietly with exit 0 when its reader stops early (contacts export | head -1)', async () => {
    await writeFile(dir.file('many.csv'), guestContactsCsv(20_000));
    expect((await cli(['import', dir.file('many.csv')])).code).toBe(0);
    const running = startCli(['contacts', 'export'], { cwd: dir.path, env: { DATABASE_URL: dir.file('db.sqlite'), LOG_LEVEL: 'warn' } });
    await running.waitForLine(/^phone,name/);
    running.child.stdout.destroy(); // what `head -1` does once it has its line
    const result = await running.exited();
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('exits 2 for a bad DATABASE_URL, naming it', async () => {
    await writeFile(dir.file('blocker'), '');
    const result = await cli(['list', '--json'], { DATABASE_URL: dir.file('blocker/db.sqlite') });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'config', input: 'DATABASE_URL' } });
  });

  it('exits 2 for an unknown option', async () => {
    const result = await cli(['list', '--bogus']);
    expect(result.code).toBe(2);
  });
});
