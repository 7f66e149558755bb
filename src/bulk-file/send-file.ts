import type { Writable } from 'node:stream';
import { CafeError, toCafeError, type ErrorCode } from '../errors/index.js';
import type { OutgoingSms, SendOutcome } from '../gateway/types.js';
import { optedOutReason } from './opted-out.js';
import { readBulkRows, type BulkEntry, type ReadBulkFileOptions } from './read-bulk-file.js';
import { createRowResultConverter, type SentRowResult } from './row-result.js';
import { createBulkTally, type BulkSummary } from './tally.js';
import { createOrderedResultsWriter, type BulkResultRow, type ResultOutcome } from './write-results.js';

export interface SendBulkFileOptions extends ReadBulkFileOptions {
  file: string;
  /** Sends one bulk call's worth of messages and answers their outcomes in input order (client.sendBulk). */
  send(items: OutgoingSms[], signal: AbortSignal): Promise<SendOutcome[]>;
  /** Where the results CSV goes; it is ended when sending is over. */
  output: Writable;
  /** Messages per send call; default 50, the gateway's bulk limit. */
  rowsPerCall?: number;
  /** Send calls in flight at once; default 4. */
  concurrency?: number;
  /**
   * Aborting it stops sending (Ctrl-C): no call starts after it, the calls in flight are let finish
   * and their rows recorded as the gateway answered them, and every row not yet handed to the
   * gateway is recorded `not_sent`. The rest of the file is still read, so that every row has its
   * result. It is never passed to `send`: an aborted call would lose answers to messages already sent.
   */
  signal?: AbortSignal;
  /** Called as calls settle, with the number of messages settled so far. */
  onProgress?: (settled: number) => void;
}

export interface BulkSendReport {
  summary: BulkSummary;
  /** Why sending stopped before the end of the file, when it did (its rows not sent are `not_sent`). */
  stoppedBy: string | undefined;
  /** The code of the failure that stopped it: `auth` for a refused token, `internal` for Ctrl-C. */
  stoppedByCode: ErrorCode | undefined;
  /** Messages handed to the gateway (settled or cut short), for throughput figures. */
  attempted: number;
}

/** A piece of the file in order: up to `rowsPerCall` sendable rows and the rows among them not sent (invalid, skipped). */
interface Batch {
  seq: number;
  entries: BulkEntry[];
}

/** Bounds a batch when a file has long runs of rows that are not sent. */
const MAX_ENTRIES_PER_BATCH = 1_000;

/** Hands out the file's batches one at a time, in order, to whichever worker asks. */
function batchReader(pieces: AsyncIterator<BulkEntry[]>, rowsPerCall: number): () => Promise<Batch | undefined> {
  let seq = 0;
  let exhausted = false;
  let piece: BulkEntry[] = [];
  let next = 0;
  let queue: Promise<unknown> = Promise.resolve();
  // Entries are taken from the piece in hand without awaiting; only a new piece of the file is awaited.
  const read = async (): Promise<Batch | undefined> => {
    const batch: BulkEntry[] = [];
    let sendable = 0;
    while (!exhausted && sendable < rowsPerCall && batch.length < MAX_ENTRIES_PER_BATCH) {
      if (next >= piece.length) {
        const result = await pieces.next();
        if (result.done) exhausted = true;
        else {
          piece = result.value;
          next = 0;
        }
        continue;
      }
      const entry = piece[next++] as BulkEntry;
      batch.push(entry);
      if (entry.kind === 'valid') sendable += 1;
    }
    return batch.length === 0 ? undefined : { seq: seq++, entries: batch };
  };
  // Reads are chained so that two workers never pull from the file at the same time.
  return () => {
    const batch = queue.then(read);
    queue = batch.catch(() => undefined);
    return batch;
  };
}

function invalidRow(entry: Extract<BulkEntry, { kind: 'invalid' }>): BulkResultRow {
  return { line: entry.line, phone: entry.phone, outcome: 'invalid', uid: '', error: entry.reason };
}

async function skippedRow(entry: Extract<BulkEntry, { kind: 'skipped' }>): Promise<BulkResultRow> {
  return { line: entry.line, phone: entry.phone, outcome: 'skipped', uid: '', error: await optedOutReason(entry.optedOutAt) };
}

/** How a batch's call went: its outcomes, why there are none, or why it was never made. */
type CallResult =
  { kind: 'answered'; outcomes: SendOutcome[] } | { kind: 'failed'; reason: string } | { kind: 'not_started'; reason: string };

/** A row that the call did not settle: like a sent row's result, or `not_sent` when the call was never made. */
type UnsettledRowResult = Omit<SentRowResult, 'outcome'> & { outcome: ResultOutcome };

/** What a row that the call did not settle is recorded as. */
function unsettled(call: CallResult): UnsettledRowResult {
  if (call.kind === 'failed') {
    return { outcome: 'unknown', uid: '', error: `sending stopped (${call.reason}) while this row was being sent`, segments: 0 };
  }
  if (call.kind === 'not_started') {
    return {
      outcome: 'not_sent',
      uid: '',
      error: `not sent: sending stopped (${call.reason}) before this row was handed to the gateway`,
      segments: 0,
    };
  }
  return { outcome: 'unknown', uid: '', error: 'the gateway client gave no outcome for this row', segments: 0 };
}

/** A failure after sending began: what it was, and that some messages may already be out. */
function stoppedPartWay(thrown: unknown, handedOver: number, file: string): CafeError {
  const error = toCafeError(thrown);
  return new CafeError(
    error.code,
    `${error.message}. Sending stopped part-way: ${handedOver} messages had been handed to the gateway; ` +
      'check with `npx cafe-sms list` before sending the file again.',
    { input: error.input ?? file, field: error.field, requestSent: error.requestSent, details: error.details, cause: error },
  );
}

/**
 * A refused token refuses every row alike: the first answer that says so stops the run, rather than
 * every row of the file being tried (and refused) in turn.
 */
function authRefusal(outcomes: readonly SendOutcome[]): CafeError | undefined {
  for (const outcome of outcomes) if (outcome.outcome === 'rejected' && outcome.error.code === 'auth') return outcome.error;
  return undefined;
}

/**
 * The sending pass over a bulk file that has been checked: reads it again as a stream, sends its valid
 * rows `rowsPerCall` at a time with `concurrency` calls in flight, and writes one result per input row,
 * in input order, as the calls settle. Memory stays flat whatever the file's size: only the batches in
 * flight and the summary's counters are held.
 *
 * Once sending stops (the caller's signal, a call that throws, or an answer refusing the API
 * token), no call is started: the calls in
 * flight settle as usual and the rows not yet handed to the gateway are `not_sent`. Batches start in
 * file order, so those rows are the file's last sendable ones. Only a results file that cannot be
 * written stops the calls in flight too, and then this throws.
 */
export async function sendBulkFile(options: SendBulkFileOptions): Promise<BulkSendReport> {
  const rowsPerCall = options.rowsPerCall ?? 50;
  const concurrency = options.concurrency ?? 4;
  // Stops everything, the calls in flight too: only for a failure that ends the run (the results
  // file cannot be written), when their answers could not be recorded anyway.
  const stopper = new AbortController();
  const interrupt = options.signal;
  const nextBatch = batchReader(readBulkRows(options.file, options)[Symbol.asyncIterator](), rowsPerCall);
  const writer = createOrderedResultsWriter(options.output);
  const tally = createBulkTally();
  const toResult = createRowResultConverter();
  let stoppedBy: string | undefined;
  let stoppedByCode: ErrorCode | undefined;
  let settled = 0;
  const stopFor = (error: CafeError): void => {
    if (stoppedBy !== undefined) return;
    stoppedBy = error.message;
    stoppedByCode = error.code;
  };

  // The first call goes alone and the others wait for its answer: a wrong token or URL then costs
  // one call, not `concurrency` of them, and every later row is `not_sent`.
  let firstCallMade = false;
  let openGate: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (openGate = resolve));

  const makeCall = async (items: OutgoingSms[]): Promise<CallResult> => {
    if (stopper.signal.aborted) stopFor(toCafeError(stopper.signal.reason));
    if (interrupt?.aborted) stopFor(toCafeError(interrupt.reason));
    if (stoppedBy !== undefined) return { kind: 'not_started', reason: stoppedBy };
    try {
      const outcomes = await options.send(items, stopper.signal);
      const refusal = authRefusal(outcomes);
      if (refusal !== undefined) stopFor(refusal);
      return { kind: 'answered', outcomes };
    } catch (error) {
      const failure = toCafeError(stopper.signal.aborted ? (stopper.signal.reason ?? error) : error);
      stopFor(failure);
      return { kind: 'failed', reason: failure.message };
    } finally {
      settled += items.length;
      options.onProgress?.(settled);
    }
  };

  const callFor = async (items: OutgoingSms[]): Promise<CallResult> => {
    if (firstCallMade) await gate;
    firstCallMade = true;
    try {
      return await makeCall(items);
    } finally {
      openGate();
    }
  };

  const sendBatch = async (batch: Batch): Promise<BulkResultRow[]> => {
    const items: OutgoingSms[] = [];
    for (const entry of batch.entries) if (entry.kind === 'valid') items.push(entry.sms);
    const call: CallResult = items.length === 0 ? { kind: 'answered', outcomes: [] } : await callFor(items);
    const outcomes = call.kind === 'answered' ? call.outcomes : [];
    const rows: BulkResultRow[] = [];
    let next = 0;
    for (const entry of batch.entries) {
      if (entry.kind !== 'valid') {
        const row = entry.kind === 'skipped' ? await skippedRow(entry) : invalidRow(entry);
        tally.add(row, 0);
        rows.push(row);
        continue;
      }
      const outcome = outcomes[next++];
      const result = outcome === undefined ? unsettled(call) : toResult(entry.sms, outcome);
      const row: BulkResultRow = { line: entry.line, phone: entry.sms.to, outcome: result.outcome, uid: result.uid, error: result.error };
      tally.add(row, result.segments);
      rows.push(row);
    }
    return rows;
  };

  const worker = async (): Promise<void> => {
    for (let batch = await nextBatch(); batch !== undefined; batch = await nextBatch()) {
      await writer.put(batch.seq, await sendBatch(batch));
    }
  };

  // A worker that fails (the results file cannot be written) stops the others' calls too.
  const stopOthers = (error: unknown) => {
    stopper.abort(error);
    throw error;
  };
  const ends = await Promise.allSettled(Array.from({ length: concurrency }, () => worker().catch(stopOthers)));
  const failed = ends.find((end): end is PromiseRejectedResult => end.status === 'rejected');
  try {
    if (failed !== undefined) throw failed.reason;
    await writer.close();
  } catch (error) {
    options.output.destroy();
    throw stoppedPartWay(error, settled, options.file);
  }
  return { summary: tally.summary(), stoppedBy, stoppedByCode, attempted: settled };
}
