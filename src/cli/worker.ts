// A command's module, loaded only when it runs (see commands/worker.ts, which declares it).
import type { WorkerSummary } from '../outbox/index.js';
import { formatLocal } from '../quiet-hours/index.js';
import { runOutboxWorker } from '../worker-process/index.js';
import { requireToken, type CliContext } from './context.js';
import { printResult, reportError, type OutputOptions } from './output.js';

export interface WorkerFlags extends OutputOptions {
  untilIdle?: boolean;
}

/** Aborts the returned signal on SIGTERM or SIGINT; a second signal gets Node's default (exit at once). */
function stopOnSignals(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
    },
  };
}

function summaryLines(summary: WorkerSummary): string[] {
  const lines = [
    // A message tried again is carried by several calls: counted once per call, not as messages sent.
    `${summary.calls} gateway call${summary.calls === 1 ? '' : 's'} carried ${summary.sent} message${summary.sent === 1 ? '' : 's'}: ` +
      `${summary.accepted} accepted, ${summary.failed} failed, ${summary.retried} to try again later, ` +
      `${summary.unknown} with a lost answer.`,
    `Skipped ${summary.skipped} (opted out). Lost answers: ${summary.reconciled} found sent, ${summary.requeued} queued again` +
      (summary.cancelled > 0 ? `, ${summary.cancelled} cancelled with their campaign` : '') +
      (summary.orphaned > 0 ? `, ${summary.orphaned} left by a dead worker.` : '.'),
    `Delivery reports: ${summary.delivered} delivered, ${summary.undelivered} not delivered. ` +
      `Replies: ${summary.inbound} (${summary.optedOut} opted out, ${summary.optedIn} opted back in).`,
  ];
  if (summary.heldForQuietHours > 0 && summary.quietHoursEndAt !== null) {
    const n = summary.heldForQuietHours;
    lines.push(
      `Quiet hours: ${n} promotional message${n === 1 ? '' : 's'} wait${n === 1 ? 's' : ''} until ` +
        `${formatLocal(new Date(summary.quietHoursEndAt))} (cafe time); a running \`npx cafe-sms worker\` sends them then.`,
    );
  }
  return lines;
}

/**
 * `cafe-sms worker [--until-idle] [--json]`: runs the outbox worker against the live gateway
 * (SMSAPP_API_TOKEN required), on this process's thread. Logs go to stderr; the summary goes to
 * stdout. SIGTERM / SIGINT let calls in flight finish and be recorded, then exit 0.
 */
export async function workerCommand(context: CliContext, flags: WorkerFlags): Promise<void> {
  try {
    const config = context.config();
    const token = requireToken(config);
    const stop = stopOnSignals();
    let summary: WorkerSummary;
    try {
      summary = await runOutboxWorker(
        { mode: flags.untilIdle === true ? 'untilIdle' : 'run', config, token, logger: context.logger() },
        stop.signal,
      );
    } finally {
      stop.dispose();
    }
    printResult(flags, summary, () => summaryLines(summary));
  } catch (error) {
    reportError(flags, error);
  }
}
