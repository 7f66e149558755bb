import type { WorkerSummary } from '../outbox/index.js';
import { runBoundedThread } from './bounded-thread.js';
import { requireToken, wantsPrettyLogs, withJsonOption, type CommandRegistrar } from './context.js';
import { printResult, reportError, type OutputOptions } from './output.js';
import type { WorkerThreadInput } from './worker-thread.js';

interface WorkerFlags extends OutputOptions {
  untilIdle?: boolean;
}

/**
 * The worker thread's old-generation ceiling. Its live objects are about 25 MB whatever the size of
 * the campaign; the rest is headroom for a burst of lost answers to reconcile.
 */
const WORKER_HEAP_MB = 128;

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
    `Sent ${summary.sent} message${summary.sent === 1 ? '' : 's'} in ${summary.calls} call${summary.calls === 1 ? '' : 's'}: ` +
      `${summary.accepted} accepted, ${summary.failed} failed, ${summary.retried} to retry later, ${summary.unknown} with a lost answer.`,
    `Skipped ${summary.skipped} (opted out). Lost answers: ${summary.reconciled} found sent, ${summary.requeued} queued again` +
      (summary.cancelled > 0 ? `, ${summary.cancelled} cancelled with their campaign` : '') +
      (summary.orphaned > 0 ? `, ${summary.orphaned} left by a dead worker.` : '.'),
    `Delivery reports: ${summary.delivered} delivered, ${summary.undelivered} not delivered. ` +
      `Replies: ${summary.inbound} (${summary.optedOut} opted out, ${summary.optedIn} opted back in).`,
  ];
  return lines;
}

/**
 * `cafe-sms worker [--until-idle] [--json]`: runs the outbox worker against the live gateway
 * (SMSAPP_API_TOKEN required), in a thread with a bounded heap. Logs go to stderr; the summary goes
 * to stdout. SIGTERM / SIGINT let calls in flight finish and be recorded, then exit 0.
 */
export const registerWorkerCommand: CommandRegistrar = (program, context) => {
  withJsonOption(
    program
      .command('worker')
      .description('send queued campaign and one-off messages exactly once, track delivery and act on STOP replies')
      .option('--until-idle', 'stop once nothing is left to send now, instead of running until SIGTERM/SIGINT'),
  ).action(async (flags: WorkerFlags) => {
    try {
      // Checked here too, so that a missing token is reported before a thread starts.
      const config = context.config();
      requireToken(config);
      const stop = stopOnSignals();
      let summary: WorkerSummary;
      try {
        summary = await runBoundedThread<WorkerSummary>(new URL('./worker-thread.js', import.meta.url), {
          input: { untilIdle: flags.untilIdle === true, prettyLogs: wantsPrettyLogs(config) } satisfies WorkerThreadInput,
          heapMb: WORKER_HEAP_MB,
          signal: stop.signal,
        });
      } finally {
        stop.dispose();
      }
      printResult(flags, summary, () => summaryLines(summary));
    } catch (error) {
      reportError(flags, error);
    }
  });
};
