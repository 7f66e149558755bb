import { open } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import {
  assertValidContact,
  exportContactsCsv,
  fieldKeyProblem,
  importContactsCsv,
  isReservedFieldKey,
  openCsvFile,
  storedBeforeFailure,
  toFieldKey,
  type ImportResult,
  type RejectedRow,
} from '../contacts/index.js';
import { CafeError, isCafeError } from '../errors/index.js';
import { normalizePhone } from '../sms/index.js';
import {
  deleteContact,
  findContactById,
  findContactByPhone,
  listContacts,
  setOptIn,
  setOptOut,
  upsertContacts,
  type Contact,
  type Store,
} from '../store/index.js';
import { withJsonOption, type CliContext, type CommandRegistrar } from './context.js';
import { cafeTime } from './cafe-time.js';
import { printResult, runCommand, type OutputOptions } from './output.js';
import { withStore } from './store-context.js';
import { formatTable } from './table.js';

/** `--tag a --tag b` and `--tag a,b` both give [a, b]. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',')];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// ---- import -----------------------------------------------------------------------------------

interface ImportFlags extends OutputOptions {
  tag: string[];
}

async function importCommand(context: CliContext, file: string, flags: ImportFlags): Promise<void> {
  let result: ImportResult;
  try {
    result = await importFile(context, file, flags);
  } catch (error) {
    // The error's message says which lines were stored; the rows rejected among them are listed as a whole import lists them.
    const stored = storedBeforeFailure(error);
    if (stored !== undefined && !flags.json) printRejected(stored.rejected);
    throw error;
  }
  printResult(flags, result, () => importLines(result));
}

async function importFile(context: CliContext, file: string, flags: ImportFlags): Promise<ImportResult> {
  const { defaultCountry } = context.config();
  // Opened before the store, so a wrong path fails without creating a database.
  const csv = await openCsvFile(file);
  const progress = startProgress(csv.size, !flags.json && process.stderr.isTTY === true);
  try {
    return await withStore(context, (store) =>
      importContactsCsv(store.db, csv.stream, { defaultCountry, tags: flags.tag, onProgress: (p) => progress.update(p.bytes, p.rows) }),
    );
  } finally {
    csv.stream.destroy();
    progress.stop();
  }
}

function printRejected(rejected: readonly RejectedRow[]): void {
  if (rejected.length > 0) process.stdout.write(`${['Rejected in the lines imported:', ...rejectedLines(rejected)].join('\n')}\n`);
}

function rejectedLines(rejected: readonly RejectedRow[]): string[] {
  return rejected.map((row) => `  line ${row.line}: ${row.reason}`);
}

function importLines(result: ImportResult): string[] {
  const summary =
    `Read ${plural(result.total, 'row')}: ${result.imported} new, ${result.updated} updated, ` +
    `${result.merged} merged into an earlier row with the same number, ${result.rejectedTotal} rejected.` +
    (result.optedOut > 0 ? ` ${result.optedOut} opted out, as the file says.` : '');
  return [summary, ...rejectedLines(result.rejected)];
}

interface Progress {
  update(bytes: number, rows: number): void;
  stop(): void;
}

/** A bar on stderr for people watching a terminal; nothing when piped or with --json. */
function startProgress(totalBytes: number, enabled: boolean): Progress {
  if (!enabled || totalBytes === 0) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'Importing [{bar}] {percentage}% | {rows} rows', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalBytes, 0, { rows: 0 });
  return { update: (bytes, rows) => bar.update(bytes, { rows }), stop: () => bar.stop() };
}

// ---- add --------------------------------------------------------------------------------------

interface AddFlags extends OutputOptions {
  name?: string;
  tag: string[];
  field: string[];
}

/** `--field key=value` pairs; `key=` removes the field. Keys become snake_case like CSV headers. */
function parseFields(pairs: readonly string[]): Record<string, string | null> {
  const fields = Object.create(null) as Record<string, string | null>;
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    const key = equals === -1 ? '' : toFieldKey(pair.slice(0, equals));
    if (key === '') {
      throw new CafeError('invalid_input', `--field "${pair}" must look like key=value, e.g. --field favourite_drink=chai`, {
        input: pair,
      });
    }
    if (isReservedFieldKey(key)) {
      throw new CafeError('invalid_input', `--field ${key}=… is not a custom field: use --name, --tag or the phone argument`, {
        input: pair,
      });
    }
    const problem = fieldKeyProblem(key);
    if (problem !== undefined) throw new CafeError('invalid_input', `--field ${pair}: ${problem}`, { input: pair });
    const value = pair.slice(equals + 1).trim();
    fields[key] = value === '' ? null : value;
  }
  return fields;
}

async function addCommand(context: CliContext, phoneText: string, flags: AddFlags): Promise<void> {
  const phone = normalizePhone(phoneText, context.config().defaultCountry);
  const fields = parseFields(flags.field);
  assertValidContact({ name: flags.name ?? null, tags: flags.tag, fields });
  const outcome = await withStore(context, async (store) => {
    const [written] = await upsertContacts(store.db, [{ phone, name: flags.name ?? null, fields, tags: flags.tag }]);
    const contact = written && (await findContactById(store.db, written.id));
    if (!written || !contact) throw new CafeError('internal', `Contact ${phone} was saved but cannot be read back`);
    return { created: written.created, contact };
  });
  printResult(flags, outcome, () => [`${outcome.created ? 'Added' : 'Updated'} ${describeContact(outcome.contact)}`]);
}

function describeContact(contact: Contact): string {
  const parts = [contact.phone, contact.name ?? '(no name)'];
  if (contact.tags.length > 0) parts.push(`tags: ${contact.tags.join(', ')}`);
  const fields = Object.entries(contact.fields).map(([key, value]) => `${key}=${value}`);
  if (fields.length > 0) parts.push(fields.join(' '));
  if (contact.optedOutAt) parts.push(`opted out ${cafeTime(contact.optedOutAt)}`);
  return parts.join('  ');
}

// ---- list -------------------------------------------------------------------------------------

interface ListFlags extends OutputOptions {
  search?: string;
  tag: string[];
  optedOut?: boolean;
  subscribed?: boolean;
  limit: string;
  offset: string;
}

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const number = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max)) {
    throw new CafeError('invalid_input', `${flag} must be a whole number from ${min} to ${max}; got "${value}"`, { input: flag });
  }
  return number;
}

async function listCommand(context: CliContext, flags: ListFlags): Promise<void> {
  if (flags.optedOut && flags.subscribed) {
    throw new CafeError('invalid_input', 'Give either --opted-out or --subscribed, not both', { input: '--opted-out' });
  }
  const limit = wholeNumber('--limit', flags.limit, 1, 10_000);
  const offset = wholeNumber('--offset', flags.offset, 0, Number.MAX_SAFE_INTEGER);
  const optedOut = flags.optedOut ? true : flags.subscribed ? false : undefined;
  const page = await withStore(context, (store) =>
    listContacts(store.db, { search: flags.search, tags: flags.tag, optedOut, limit, offset }),
  );
  printResult(flags, { ...page, limit, offset }, () => listLines(page.total, page.contacts, offset));
}

function listLines(total: number, contacts: readonly Contact[], offset: number): string[] {
  if (contacts.length === 0) return [total === 0 ? 'No contacts match.' : `No contacts past ${offset} (${total} match).`];
  const rows = contacts.map((c) => [
    c.phone,
    c.name ?? '',
    c.tags.join(', '),
    c.optedOutAt ? `opted out ${cafeTime(c.optedOutAt)}` : 'subscribed',
  ]);
  const last = offset + contacts.length;
  const more = last < total ? ` (next page: --offset ${last})` : '';
  return [...formatTable(['PHONE', 'NAME', 'TAGS', 'STATUS'], rows), `Showing ${offset + 1}-${last} of ${total}${more}.`];
}

// ---- export -----------------------------------------------------------------------------------

interface ExportFlags extends OutputOptions {
  out?: string;
  tag: string[];
}

async function exportCommand(context: CliContext, flags: ExportFlags): Promise<void> {
  const filter = { tags: flags.tag };
  if (flags.out === undefined) {
    // The CSV is the output: nothing else goes to stdout.
    await withStore(context, (store) => exportContactsCsv(store.db, process.stdout, { filter, end: false }));
    return;
  }
  const file = flags.out;
  const result = await withStore(context, async (store) => {
    const handle = await open(file, 'w').catch((error: unknown) => {
      throw new CafeError('invalid_input', `Cannot write ${file}: ${(error as Error).message}`, { input: file, cause: error });
    });
    // The stream owns the handle from here: it closes it when done or destroyed by a failure.
    return exportContactsCsv(store.db, handle.createWriteStream(), { filter, bom: true });
  });
  printResult(flags, { ...result, file }, () => [`Exported ${plural(result.exported, 'contact')} to ${file}`]);
}

// ---- optout / optin / remove ------------------------------------------------------------------

interface OptOutFlags extends OutputOptions {
  reason?: string;
}

async function optOutCommand(context: CliContext, phoneText: string, flags: OptOutFlags): Promise<void> {
  const phone = normalizePhone(phoneText, context.config().defaultCountry);
  const outcome = await withStore(context, async (store) => {
    // A number nobody imported yet is still recorded, so that a later import cannot message it.
    const [written] = await upsertContacts(store.db, [{ phone }]);
    if (!written) throw new CafeError('internal', `Contact ${phone} could not be saved`);
    const { changed } = await setOptOut(store.db, written.id, { source: 'cli', reason: flags.reason ?? null });
    return { phone, changed, created: written.created, contact: await findContactById(store.db, written.id) };
  });
  printResult(flags, outcome, () => [
    outcome.changed
      ? `${phone} is opted out: no more messages will go to it.`
      : `${phone} was already opted out ` +
        `(since ${outcome.contact?.optedOutAt ? cafeTime(outcome.contact.optedOutAt) : 'earlier'}); nothing changed.`,
  ]);
}

async function requireContact(store: Store, phone: string): Promise<Contact> {
  const contact = await findContactByPhone(store.db, phone);
  if (!contact) {
    throw new CafeError(
      'not_found',
      `There is no contact with phone ${phone}: check the number with \`npx cafe-sms contacts list --search\``,
      {
        input: phone,
      },
    );
  }
  return contact;
}

async function optInCommand(context: CliContext, phoneText: string, flags: OutputOptions): Promise<void> {
  const phone = normalizePhone(phoneText, context.config().defaultCountry);
  const outcome = await withStore(context, async (store) => {
    const contact = await requireContact(store, phone);
    const { changed } = await setOptIn(store.db, contact.id, { source: 'cli' });
    return { phone, changed };
  });
  printResult(flags, outcome, () => [outcome.changed ? `${phone} is subscribed again.` : `${phone} had not opted out; nothing changed.`]);
}

interface RemoveFlags extends OutputOptions {
  forgetOptOut?: boolean;
}

async function removeCommand(context: CliContext, phoneText: string, flags: RemoveFlags): Promise<void> {
  const phone = normalizePhone(phoneText, context.config().defaultCountry);
  const removed = await withStore(context, async (store) => {
    const contact = await requireContact(store, phone);
    await deleteContact(store.db, contact.id, { forgetOptOut: flags.forgetOptOut === true }).catch((error: unknown) => {
      throw isCafeError(error) && error.details?.optedOut === true ? withFlagHint(error) : error;
    });
    return contact;
  });
  printResult(flags, { removed: true, contact: removed }, () => [
    `Removed ${phone}${removed.optedOutAt ? ' and forgot its opt-out: a later import or add would make it reachable again' : ''}.`,
  ]);
}

function withFlagHint(error: CafeError): CafeError {
  const hint = ' If the customer asked to be erased, run it again with --forget-opt-out.';
  return new CafeError(error.code, error.message + hint, {
    input: error.input,
    details: error.details,
    cause: error,
  });
}

// ---- registration -----------------------------------------------------------------------------

export const registerContactCommands: CommandRegistrar = (program, context) => {
  const contacts = program.command('contacts').description('the customers messages go to: import, list, opt-outs');
  const tagOption = (command: Command, what: string) =>
    command.option('--tag <tag>', `${what} (repeatable, or comma-separated)`, collect, []);

  withJsonOption(
    tagOption(
      contacts
        .command('import')
        .description('add or update contacts from a CSV file (a phone column is required; name, tags and any other columns are kept)')
        .argument('<file>', 'the CSV file'),
      'add this tag to every contact in the file',
    ),
  ).action((file: string, flags: ImportFlags) => runCommand(flags, () => importCommand(context, file, flags)));

  withJsonOption(
    tagOption(
      contacts
        .command('add')
        .description('add a contact, or update the one with this number')
        .argument('<phone>', 'mobile number, e.g. 0300-1234567')
        .option('--name <name>', "the customer's name")
        .option('--field <key=value>', 'a custom field (repeatable); key= removes it', (v: string, p: string[]) => [...p, v], []),
      'add this tag',
    ),
  ).action((phone: string, flags: AddFlags) => runCommand(flags, () => addCommand(context, phone, flags)));

  withJsonOption(
    tagOption(
      contacts
        .command('list')
        .description('list contacts, oldest first')
        .option('--search <text>', 'part of a name or number')
        .option('--opted-out', 'only contacts who opted out')
        .option('--subscribed', 'only contacts who did not opt out')
        .option('--limit <n>', 'how many to show', '50')
        .option('--offset <n>', 'how many to skip', '0'),
      'only contacts with this tag (any of several)',
    ),
  ).action((flags: ListFlags) => runCommand(flags, () => listCommand(context, flags)));

  withJsonOption(
    tagOption(
      contacts
        .command('export')
        .description('write contacts as CSV (phone,name,tags,opted_out,opted_out_at, then custom fields)')
        .option('--out <file.csv>', 'write to this file (UTF-8 with BOM, for Excel) instead of stdout'),
      'only contacts with this tag (any of several)',
    ),
  ).action((flags: ExportFlags) => runCommand(flags, () => exportCommand(context, flags)));

  withJsonOption(
    contacts
      .command('optout')
      .description('stop all messages to a number (recorded with the reason)')
      .argument('<phone>', 'mobile number')
      .option('--reason <text>', 'why, e.g. "asked at the counter"'),
  ).action((phone: string, flags: OptOutFlags) => runCommand(flags, () => optOutCommand(context, phone, flags)));

  withJsonOption(contacts.command('optin').description('let messages reach a number again').argument('<phone>', 'mobile number')).action(
    (phone: string, flags: OutputOptions) => runCommand(flags, () => optInCommand(context, phone, flags)),
  );

  withJsonOption(
    contacts
      .command('remove')
      .description('delete a contact with its tags and consent history (an opted-out one only with --forget-opt-out)')
      .argument('<phone>', 'mobile number')
      .option('--forget-opt-out', 'remove it even though it opted out, forgetting the opt-out (a customer who asked to be erased)'),
  ).action((phone: string, flags: RemoveFlags) => runCommand(flags, () => removeCommand(context, phone, flags)));
};
