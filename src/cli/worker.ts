import { campaignAdvancer } from '../campaigns/index.js';
import type { Config } from '../config/index.js';
import { createGatewayClient } from '../gateway/index.js';
import type { Logger } from '../log/index.js';
import { createWorker, type WorkerSummary } from '../outbox/index.js';
import type { Store } from '../store/index.js';
import { requireToken, withJsonOption, type CommandRegistrar } from './context.js';
import { printResult, reportError, type OutputOptions } from './output.js';
import { withStore } from './store-context.js';

interface WorkerFlags extends OutputOptions {
  untilIdle?: boolean;
}

function buildWorker(config: Readonly<Config>, store: Store, logger: Logger) {
  const client = createGatewayClient({
    baseUrl: config.apiUrl,
    token: requireToken(config),
    senderId: config.senderId,
    concurrency: config.sendConcurrency,
    logger,
  });
  return createWorker({
    db: store.db,
    client,
    logger,
    sendRate: config.sendRate,
    concurrency: config.sendConcurrency,
    quietHours: config.quietHours,
    reconcileGraceMs: config.reconcileGraceMs,
    idlePollMs: config.workerIdlePollMs,
    staleWorkerMs: config.workerStaleMs,
    trackIntervalMs: config.trackIntervalMs,
    optOutKeywords: config.optOutKeywords,
    optInKeywords: config.optInKeywords,
    senderId: config.senderId,
    defaultCountry: config.defaultCountry,
    advanceCampaigns: campaignAdvancer(store.db, { defaultCountry: config.defaultCountry }),
  });
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
 * (SMSAPP_API_TOKEN required). Logs go to stderr; the summary goes to stdout. SIGTERM / SIGINT let
 * calls in flight finish and be recorded, then exit 0.
 */
export const registerWorkerCommand: CommandRegistrar = (program, context) => {
  withJsonOption(
    program
      .command('worker')
      .description('send queued campaign and one-off messages exactly once, track delivery and act on STOP replies')
      .option('--until-idle', 'stop once nothing is left to send now, instead of running until SIGTERM/SIGINT'),
  ).action(async (flags: WorkerFlags) => {
    try {
      const config = context.config();
      requireToken(config);
      const logger = context.logger();
      const summary = await withStore(context, async (store) => {
        const worker = buildWorker(config, store, logger);
        const stop = stopOnSignals();
        try {
          return flags.untilIdle ? await worker.runUntilIdle(stop.signal) : await worker.run(stop.signal);
        } finally {
          stop.dispose();
        }
      });
      printResult(flags, summary, () => summaryLines(summary));
    } catch (error) {
      reportError(flags, error);
    }
  });
};
