// A command's module, loaded only when it runs (see commands/bulk.ts, which declares it).
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  checkBulkFile,
  sendBulkFile,
  type BulkCounts,
  type BulkFileCheck,
  type BulkSendReport,
  type BulkSummary,
  type InvalidBulkRow,
} from '../bulk-file/index.js';
import { CafeError } from '../errors/index.js';
import { MAX_BULK_ITEMS } from '../gateway/index.js';
import { requireToken, type CliContext } from './context.js';
import { gatewayClientFor } from './gateway-client.js';
import { readOptedOutNumbers } from './opted-out.js';
import { EXIT, type OutputOptions } from './output.js';
import { alignedLines } from './table.js';

export interface BulkOptions extends OutputOptions {
  out?: string;
  skipInvalid?: boolean;
}

/** Bulk calls in flight at once. */
const BULK_CONCURRENCY = 4;
/** Results the file stream may hold before the senders wait for the disk. */
const RESULTS_BUFFER_BYTES = 512 * 1024;
/** Listing 100,000 bad rows on a terminal helps nobody; the rest are in --json and the results file. */
const MAX_LISTED_ROWS = 50;
/** Below this a rate says more about start-up than about sending: the summary leaves it out. */
const MIN_RATE_ELAPSED_MS = 2_000;

const UNKNOWN_WARNING =
  'they may have been sent. Check with `npx cafe-sms list` before re-sending them (the results file marks them "unknown").';

/** The --json result of a bulk run. */
export interface BulkJsonResult extends BulkCounts {
  resultsFile: string | null;
  invalidRows: { line: number; reason: string }[];
  elapsedMs: number;
  messagesPerSecond: number;
  warning?: string;
  error?: { code: string; message: string };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "line 4" or "lines 2, 3, …" for a few example lines out of `count`. */
function linesText(lines: readonly number[], count: number): string {
  return `${count === 1 ? 'line' : 'lines'} ${lines.join(', ')}${count > lines.length ? ', …' : ''}`;
}

function invalidRowLines(invalid: readonly InvalidBulkRow[]): string[] {
  const listed = invalid.slice(0, MAX_LISTED_ROWS).map((row) => `  line ${row.line}: ${row.reason}`);
  const hidden = invalid.length - listed.length;
  return hidden > 0 ? [...listed, `  … and ${plural(hidden, 'more row')} (--json lists them all)`] : listed;
}

function unsentResult(check: BulkFileCheck): BulkJsonResult {
  return {
    total: check.total,
    accepted: 0,
    rejected: 0,
    unknown: 0,
    notSent: 0,
    invalid: check.invalid.length,
    skipped: check.skipped,
    segments: 0,
    resultsFile: null,
    invalidRows: check.invalid.map(({ line, reason }) => ({ line, reason })),
    elapsedMs: 0,
    messagesPerSecond: 0,
  };
}

/** "(2 more are to customers who opted out and are never sent)", or nothing when none is. */
function skippedNote(skipped: number): string {
  if (skipped === 0) return '';
  return skipped === 1
    ? ' (1 more is to a customer who opted out and is never sent)'
    : ` (${skipped} more are to customers who opted out and are never sent)`;
}

/** Bad rows without --skip-invalid: list them all, send nothing, exit 2. */
function refuseInvalidFile(check: BulkFileCheck, options: BulkOptions): void {
  const fix = `Fix ${check.invalid.length === 1 ? 'it' : 'them'}`;
  // --skip-invalid is worth naming only when it would send something.
  const advice =
    check.valid > 0
      ? `${fix}, or pass --skip-invalid to send the other ${plural(check.valid, 'row')}${skippedNote(check.skipped)}.`
      : `${fix} and run it again.`;
  const error = new CafeError(
    'invalid_input',
    `${check.file} has ${plural(check.invalid.length, 'invalid row')}; nothing was sent. ${advice}`,
    {
      input: check.file,
    },
  );
  if (options.json) {
    const result: BulkJsonResult = { ...unsentResult(check), error: { code: error.code, message: error.message } };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    process.stderr.write(`cafe-sms: ${error.message}\n${invalidRowLines(check.invalid).join('\n')}\n`);
  }
  process.exitCode = EXIT.usage;
}

function resultsPath(file: string, out: string | undefined): string {
  const resolved = path.resolve(out ?? `${file}.results.csv`);
  if (resolved === path.resolve(file)) {
    throw new CafeError('invalid_input', `--out ${out} is the input file itself; name another file for the results`, { input: out });
  }
  return resolved;
}

/** Opened before anything is sent: a results file that cannot be written must not cost a send. */
async function openResultsFile(file: string): Promise<FileHandle> {
  try {
    return await open(file, 'w');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : (error as Error).message;
    throw new CafeError('invalid_input', `Cannot write the results file ${file}: ${reason} (choose another with --out)`, {
      input: file,
      cause: error,
    });
  }
}

interface Progress {
  update(done: number): void;
  stop(): void;
}

/**
 * A bar on stderr for people watching a terminal; nothing at all when piped or with --json (and then
 * cli-progress is not even loaded).
 */
async function startProgress(total: number, enabled: boolean): Promise<Progress> {
  if (!enabled || total === 0) return { update: () => undefined, stop: () => undefined };
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'Sending [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}

/**
 * Ctrl-C stops sending: no call starts after it, the calls in flight are answered and recorded, the
 * rows never sent are `not_sent`, and the results file and summary are still written. The listener
 * is removed once it has fired, so a second Ctrl-C gets Node's default: the process ends at once.
 */
function abortOnInterrupt(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onInterrupt = () => {
    process.stderr.write(
      '\nCtrl-C: no new messages will be sent; waiting for the answers to the calls in flight, to record them. ' +
        'Press Ctrl-C again to quit at once (the results file is then left incomplete).\n',
    );
    controller.abort(new CafeError('internal', 'interrupted (Ctrl-C)'));
  };
  process.once('SIGINT', onInterrupt);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onInterrupt) };
}

function summaryLines(check: BulkFileCheck, report: BulkSendReport, result: BulkJsonResult, skipInvalid: boolean): string[] {
  const { summary, stoppedBy } = report;
  const seconds = (result.elapsedMs / 1000).toFixed(result.elapsedMs < 10_000 ? 2 : 1);
  const rate = result.elapsedMs < MIN_RATE_ELAPSED_MS ? '' : ` (${result.messagesPerSecond} messages/s)`;
  const lines = [
    `${check.file}: ${summary.accepted} of ${plural(summary.total, 'row')} accepted in ${seconds} s${rate}`,
    ...alignedLines(
      [
        ['accepted', String(summary.accepted)],
        ['rejected', String(summary.rejected)],
        ['unknown', String(summary.unknown)],
        ['not_sent', String(summary.notSent)],
        ['invalid', String(summary.invalid)],
        ['skipped', String(summary.skipped)],
        ['segments', String(summary.segments)],
      ],
      '  ',
    ),
  ];
  for (const group of summary.rejectedReasons.slice(0, 5)) {
    lines.push(`Rejected ${group.count} × ${group.reason} (${linesText(group.lines, group.count)})`);
  }
  if (summary.skipped > 0) {
    lines.push(`Skipped ${plural(summary.skipped, 'row')} (the customer opted out): ${linesText(summary.skippedLines, summary.skipped)}`);
  }
  if (summary.notSent > 0) {
    const why = stoppedBy === undefined ? '' : ` (sending stopped: ${stoppedBy})`;
    lines.push(`Not sent ${plural(summary.notSent, 'row')}${why}: ${linesText(summary.notSentLines, summary.notSent)}`);
  }
  if (skipInvalid && check.invalid.length > 0) lines.push('Invalid rows, not sent:', ...invalidRowLines(check.invalid));
  lines.push(`Results: ${result.resultsFile ?? '-'}`);
  return lines;
}

function unknownWarning(summary: BulkSummary): string | undefined {
  if (summary.unknown === 0) return undefined;
  return (
    `${plural(summary.unknown, 'message')} (${linesText(summary.unknownLines, summary.unknown)}) ` +
    `had an unknown outcome: ${UNKNOWN_WARNING}`
  );
}

function exitCodeOf(summary: BulkSummary): number {
  // Rows not sent (Ctrl-C) mean the file was not fully sent: a failure, as a refusal is.
  if (summary.rejected > 0 || summary.unknown > 0 || summary.notSent > 0) return EXIT.failed;
  if (summary.accepted > 0) return EXIT.ok;
  // Nothing sent: refused for opt-outs, as `send` is for one (exit 1), or for want of a valid row (exit 2).
  return summary.skipped > 0 ? EXIT.failed : EXIT.usage;
}

/** Sending stopped before the end: how many rows were not sent, and how to send just those. */
function stoppedMessage(report: BulkSendReport): string {
  const { stoppedBy, stoppedByCode, summary } = report;
  if (stoppedByCode === 'auth' && summary.accepted === 0 && summary.unknown === 0) {
    // Every row refused or never tried: the whole file is safe to send again once the token is right.
    return (
      `${stoppedBy ?? 'The gateway did not accept the API token'}. ` +
      'Nothing was sent: sending stopped at the first refusal. Fix the token and send the file again.'
    );
  }
  if (summary.notSent === 0) {
    return `Sending stopped early (${stoppedBy}); the results file says which rows may have been sent`;
  }
  return (
    `Sending stopped early (${stoppedBy}): ${summary.notSent === 1 ? '1 row was' : `${summary.notSent} rows were`} not sent. ` +
    'To finish, send a file of only those rows (outcome not_sent in the results file): they never reached the gateway, ' +
    'and sending the whole file again would send the other rows a second time.'
  );
}

function runError(check: BulkFileCheck, report: BulkSendReport): BulkJsonResult['error'] {
  if (report.stoppedBy !== undefined) return { code: report.stoppedByCode ?? 'internal', message: stoppedMessage(report) };
  if (check.valid === 0 && check.skipped > 0) {
    return { code: 'conflict', message: `every row of ${check.file} that could be sent is to a customer who opted out: nothing was sent` };
  }
  if (check.valid === 0) return { code: 'invalid_input', message: `${check.file} has no valid rows: nothing was sent` };
  return undefined;
}

interface SendRun {
  report: BulkSendReport;
  resultsFile: string;
  elapsedMs: number;
}

/** The sending pass over a checked file, with the progress bar and Ctrl-C handling around it. */
async function sendCheckedFile(
  context: CliContext,
  check: BulkFileCheck,
  optedOut: ReadonlyMap<string, string>,
  options: BulkOptions,
): Promise<SendRun> {
  const client = gatewayClientFor(context, 'many');
  const resultsFile = resultsPath(check.file, options.out);
  const handle = await openResultsFile(resultsFile);
  const progress = await startProgress(check.valid, !options.json && process.stderr.isTTY === true);
  const interrupt = abortOnInterrupt();
  const started = performance.now();
  try {
    const report = await sendBulkFile({
      file: check.file,
      defaultCountry: context.config().defaultCountry,
      phones: check.phones,
      optedOut,
      // Room for a few of the writer's 64 KB pieces, so that a worker waits only when the disk lags.
      output: handle.createWriteStream({ highWaterMark: RESULTS_BUFFER_BYTES }),
      send: (items, signal) => client.sendBulk(items, { signal }),
      rowsPerCall: MAX_BULK_ITEMS,
      concurrency: BULK_CONCURRENCY,
      signal: interrupt.signal,
      onProgress: (settled) => progress.update(settled),
    });
    return { report, resultsFile, elapsedMs: Math.round(performance.now() - started) };
  } finally {
    interrupt.dispose();
    progress.stop();
  }
}

function printRun(check: BulkFileCheck, run: SendRun, options: BulkOptions): void {
  const { summary, attempted } = run.report;
  const { rejectedReasons: _reasons, unknownLines: _unknown, skippedLines: _skipped, notSentLines: _notSent, ...counts } = summary;
  const warning = unknownWarning(summary);
  const error = runError(check, run.report);
  const result: BulkJsonResult = {
    ...unsentResult(check),
    ...counts,
    resultsFile: run.resultsFile,
    elapsedMs: run.elapsedMs,
    messagesPerSecond: run.elapsedMs > 0 ? Math.round((attempted / run.elapsedMs) * 1000) : 0,
    ...(warning === undefined ? {} : { warning }),
    ...(error === undefined ? {} : { error }),
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${summaryLines(check, run.report, result, options.skipInvalid === true).join('\n')}\n`);
  if (warning !== undefined) process.stderr.write(`Warning: ${warning}\n`);
  if (error !== undefined) process.stderr.write(`cafe-sms: ${error.message}\n`);
}

export async function bulkCommand(context: CliContext, csvFile: string, options: BulkOptions): Promise<void> {
  const config = context.config();
  requireToken(config);
  // Read once, before either pass, so that both skip the same rows.
  const optedOut = await readOptedOutNumbers(context);
  const check = await checkBulkFile(csvFile, { defaultCountry: config.defaultCountry, optedOut });
  if (check.invalid.length > 0 && !options.skipInvalid) {
    refuseInvalidFile(check, options);
    return;
  }
  const run = await sendCheckedFile(context, check, optedOut, options);
  printRun(check, run, options);
  process.exitCode = exitCodeOf(run.report.summary);
}
