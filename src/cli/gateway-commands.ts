// A command's module, loaded only when it runs (see commands/gateway.ts, which declares it): each
// import names the module it needs, not a folder's index, so that `send` does not load the bulk
// file reader or the store.
import { checkMessage, parseMessageType } from '../bulk-file/validate-row.js';
import { CafeError } from '../errors/index.js';
import type { MessagePage, MessageRecord, SendOutcome } from '../gateway/index.js';
import { gatewayRecordShownAs, messageShownAs, type ShownAs } from '../outbox/message-stage.js';
import { measureSms, normalizePhone } from '../sms/index.js';
import type { CliContext } from './context.js';
import { gatewayClientFor } from './gateway-client.js';
import { refuseIfOptedOut } from './opted-out.js';
import { printResult, type OutputOptions } from './output.js';
import { alignedLines, formatTable } from './table.js';

const show = (value: string | number | undefined): string => (value === undefined || value === '' ? '-' : String(value));

function oneLine(text: string | undefined, max: number): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// ---- send -------------------------------------------------------------------------------------

export interface SendOptions extends OutputOptions {
  type: string;
}

function unknownOutcomeError(to: string, error: CafeError): CafeError {
  return new CafeError(
    error.code,
    `The outcome of the SMS to ${to} is unknown (${error.message}): it may have been sent. ` +
      'Check with `npx cafe-sms list` before sending it again.',
    { httpStatus: error.httpStatus, gatewayMessage: error.gatewayMessage, input: to, details: { outcome: 'unknown' }, cause: error },
  );
}

function rejectedError(to: string, error: CafeError): CafeError {
  // A refused token is about the account, not this number: said alone.
  if (error.code === 'auth') return error;
  return new CafeError(error.code, `Nothing was sent to ${to}. ${error.message}`, {
    httpStatus: error.httpStatus,
    gatewayMessage: error.gatewayMessage,
    input: to,
    details: { outcome: 'rejected' },
    cause: error,
  });
}

function acceptedOrThrow(to: string, outcome: SendOutcome): Extract<SendOutcome, { outcome: 'accepted' }> {
  if (outcome.outcome === 'unknown') throw unknownOutcomeError(to, outcome.error);
  if (outcome.outcome === 'rejected') throw rejectedError(to, outcome.error);
  return outcome;
}

export async function sendCommand(context: CliContext, phone: string, message: string, options: SendOptions): Promise<void> {
  const client = gatewayClientFor(context, 'few');
  const type = parseMessageType(options.type);
  if (type === undefined) {
    throw new CafeError('invalid_input', `--type must be text or image, got "${options.type}"`, { input: options.type });
  }
  const to = normalizePhone(phone, context.config().defaultCountry);
  checkMessage(message, type);
  await refuseIfOptedOut(context, to);
  const shape = measureSms(message);
  const accepted = acceptedOrThrow(to, await client.send({ to, message, type }));
  // Words every screen uses (src/outbox/message-stage.ts): accepted is "Sent to the gateway", whatever it said.
  const shownAs = messageShownAs({ state: 'accepted', gatewayStatus: accepted.status ?? null, errorCode: null, errorMessage: null });
  const result = {
    outcome: 'accepted',
    to,
    type,
    uid: accepted.uid ?? null,
    status: accepted.status ?? null,
    encoding: shape.encoding,
    segments: shape.segments,
    characters: shape.characters,
    shownAs,
  };
  // The gateway's status at send time ("Delivered") means only that it took the message, so the
  // human lines leave it out; --json keeps it (status, and shownAs.detail says what it means).
  printResult(options, result, () => [
    accepted.uid === undefined
      ? `${shownAs.label} (it gave no uid). Not delivered yet: \`npx cafe-sms list\` shows it once the gateway lists it.`
      : `${shownAs.label} (uid ${accepted.uid}). Not delivered yet: follow it with \`npx cafe-sms get ${accepted.uid}\`.`,
    ...alignedLines(
      [
        ['to', to],
        ['encoding', shape.encoding],
        ['segments', String(shape.segments)],
      ],
      '  ',
    ),
  ]);
}

// ---- get --------------------------------------------------------------------------------------

type TimeFormat = (text: string | undefined) => string;

/** Loaded only by the commands that print times: the cafe's time zone costs memory `bulk` need not pay. */
async function loadCafeTime(): Promise<TimeFormat> {
  return (await import('./cafe-time.js')).cafeTime;
}

/** What became of a message we sent, in the words of every screen; a customer's reply has no delivery. */
function outboundShownAs(record: MessageRecord): ShownAs | undefined {
  return record.direction === 'inbound' ? undefined : gatewayRecordShownAs(record);
}

/** A sent message: what happened and why (the gateway's own status inside); a reply: its status. */
function deliveryLines(record: MessageRecord): Array<[string, string]> {
  const shownAs = outboundShownAs(record);
  if (shownAs === undefined) return [['status', show(record.status)]];
  return [
    ['delivery', shownAs.label],
    ['why', shownAs.detail],
  ];
}

function recordLines(record: MessageRecord, time: TimeFormat): string[] {
  return alignedLines([
    ['uid', show(record.uid)],
    ['to', show(record.to)],
    ['from', show(record.from)],
    ...deliveryLines(record),
    ['direction', show(record.direction)],
    ['segments', show(record.smsCount)],
    ['cost', show(record.cost)],
    ['created', time(record.createdAt)],
    ['message', oneLine(record.message, 200) || '-'],
  ]);
}

export async function getCommand(context: CliContext, uid: string, options: OutputOptions): Promise<void> {
  const client = gatewayClientFor(context, 'few');
  let record: MessageRecord;
  try {
    record = await client.get(uid);
  } catch (error) {
    if (error instanceof CafeError && error.code === 'not_found') {
      throw new CafeError(
        'not_found',
        `No message with uid "${uid}" at the gateway: check the uid (\`npx cafe-sms list\` shows recent messages)`,
        {
          input: uid,
          gatewayMessage: error.gatewayMessage,
          cause: error,
        },
      );
    }
    throw error;
  }
  const time = await loadCafeTime();
  const shownAs = outboundShownAs(record);
  printResult(options, shownAs === undefined ? record : { ...record, shownAs }, () => recordLines(record, time));
}

// ---- list -------------------------------------------------------------------------------------

export interface ListOptions extends OutputOptions {
  page?: string;
  all?: boolean;
}

const TABLE_HEADER = ['UID', 'DIR', 'TO', 'FROM', 'STATUS', 'STATE', 'SEG', 'CREATED', 'MESSAGE'];

function tableRow(record: MessageRecord, time: TimeFormat): string[] {
  return [
    show(record.uid),
    record.direction === undefined ? '-' : record.direction === 'outbound' ? 'out' : 'in',
    show(record.to),
    show(record.from),
    oneLine(record.status, 30) || '-',
    record.state,
    show(record.smsCount),
    time(record.createdAt),
    oneLine(record.message, 40),
  ];
}

function recordTable(records: readonly MessageRecord[], time: TimeFormat): string[] {
  return records.length === 0
    ? ['No messages.']
    : formatTable(
        TABLE_HEADER,
        records.map((record) => tableRow(record, time)),
      );
}

export function parsePageOption(value: string): number {
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1 || !Number.isSafeInteger(Number(trimmed))) {
    throw new CafeError('invalid_input', `--page must be a whole number from 1, got "${value}"`, { input: value });
  }
  return Number(trimmed);
}

/** A page asked for beyond the last one (the gateway answers it empty, still naming its last page). */
function isPastLastPage(page: MessagePage): boolean {
  return page.lastPage !== undefined && page.lastPage >= 1 && page.currentPage > page.lastPage;
}

function pageHeading(page: MessagePage): string {
  const total = page.total === undefined ? '' : `, ${page.total} message${page.total === 1 ? '' : 's'} in all`;
  if (isPastLastPage(page)) {
    return `There is no page ${page.currentPage}: the last is page ${page.lastPage}${total}.`;
  }
  const of = page.lastPage === undefined ? '' : ` of ${page.lastPage}`;
  const more = page.nextPageUrl === undefined ? '' : ` (next: --page ${page.currentPage + 1})`;
  return `Page ${page.currentPage}${of}${total}${more}`;
}

export async function listCommand(context: CliContext, options: ListOptions): Promise<void> {
  if (options.all && options.page !== undefined) {
    throw new CafeError('invalid_input', 'Give either --page N or --all, not both', { input: '--page' });
  }
  const page = options.page === undefined ? 1 : parsePageOption(options.page);
  const client = gatewayClientFor(context, 'few');
  const time = await loadCafeTime();
  if (options.all) {
    const records: MessageRecord[] = [];
    for await (const record of client.listAll()) records.push(record);
    printResult(options, records, () => [...recordTable(records, time), `${records.length} message${records.length === 1 ? '' : 's'}`]);
    return;
  }
  const result = await client.list({ page });
  const past = isPastLastPage(result) && result.records.length === 0;
  printResult(options, result.records, () => [pageHeading(result), ...(past ? [] : recordTable(result.records, time))]);
}
