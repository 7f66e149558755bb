// A command's module, loaded only when it runs (see commands/contacts.ts, which declares it). Each
// import names the module it needs, not a folder's index, and what only `import` and `export` use
// (the CSV reader and writer, the progress bar) is loaded by them: `contacts list` need not.
import { open } from 'node:fs/promises';
import { assertValidContact, fieldKeyProblem } from '../contacts/contact-rules.js';
import { isReservedFieldKey, toFieldKey } from '../contacts/field-keys.js';
import type { ImportResult, RejectedRow } from '../contacts/import-csv.js';
import { CafeError, isCafeError } from '../errors/index.js';
import { normalizePhone } from '../sms/phone.js';
import { setOptIn, setOptOut } from '../store/consent.js';
import { deleteContact, findContactById, findContactByPhone, listContacts, type Contact } from '../store/contacts.js';
import type { Store } from '../store/open-store.js';
import { upsertContacts } from '../store/upsert-contacts.js';
import { cafeTime } from './cafe-time.js';
import type { CliContext } from './context.js';
import { printResult, type OutputOptions } from './output.js';
import { withStore } from './store-context.js';
import { formatTable } from './table.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// ---- import -----------------------------------------------------------------------------------

export interface ImportFlags extends OutputOptions {
  tag: string[];
}

export async function importCommand(context: CliContext, file: string, flags: ImportFlags): Promise<void> {
  const { storedBeforeFailure } = await import('../contacts/import-csv.js');
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
  const [{ importContactsCsv }, { openCsvFile }] = await Promise.all([
    import('../contacts/import-csv.js'),
    import('../contacts/open-csv-file.js'),
  ]);
  // Opened before the store, so a wrong path fails without creating a database.
  const csv = await openCsvFile(file);
  const progress = await startProgress(csv.size, !flags.json && process.stderr.isTTY === true);
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

/** A bar on stderr for people watching a terminal; nothing when piped or with --json (and then cli-progress is not loaded). */
async function startProgress(totalBytes: number, enabled: boolean): Promise<Progress> {
  if (!enabled || totalBytes === 0) return { update: () => undefined, stop: () => undefined };
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'Importing [{bar}] {percentage}% | {rows} rows', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalBytes, 0, { rows: 0 });
  return { update: (bytes, rows) => bar.update(bytes, { rows }), stop: () => bar.stop() };
}

// ---- add --------------------------------------------------------------------------------------

export interface AddFlags extends OutputOptions {
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

export async function addCommand(context: CliContext, phoneText: string, flags: AddFlags): Promise<void> {
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

export interface ListFlags extends OutputOptions {
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

export async function listCommand(context: CliContext, flags: ListFlags): Promise<void> {
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

export interface ExportFlags extends OutputOptions {
  out?: string;
  tag: string[];
}

export async function exportCommand(context: CliContext, flags: ExportFlags): Promise<void> {
  const { exportContactsCsv } = await import('../contacts/export-csv.js');
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

export interface OptOutFlags extends OutputOptions {
  reason?: string;
}

export async function optOutCommand(context: CliContext, phoneText: string, flags: OptOutFlags): Promise<void> {
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

export async function optInCommand(context: CliContext, phoneText: string, flags: OutputOptions): Promise<void> {
  const phone = normalizePhone(phoneText, context.config().defaultCountry);
  const outcome = await withStore(context, async (store) => {
    const contact = await requireContact(store, phone);
    const { changed } = await setOptIn(store.db, contact.id, { source: 'cli' });
    return { phone, changed };
  });
  printResult(flags, outcome, () => [outcome.changed ? `${phone} is subscribed again.` : `${phone} had not opted out; nothing changed.`]);
}

export interface RemoveFlags extends OutputOptions {
  forgetOptOut?: boolean;
}

export async function removeCommand(context: CliContext, phoneText: string, flags: RemoveFlags): Promise<void> {
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
