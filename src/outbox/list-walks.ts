import type { CafeError } from '../errors/index.js';
import type { KeywordMatcher } from '../inbound/index.js';
import type { Logger } from '../log/index.js';
import { CHORES, type ChoreLeases } from './chore-leases.js';
import type { WorkerSettings } from './options.js';
import { isAccountLevelFailure } from './outcome-policy.js';
import { addSyncReport, type RunState } from './run-state.js';
import { syncWithGateway, type SyncReport } from './sync-gateway.js';
import type { Alarm } from './wake.js';

/**
 * Records a list walk reads at most while calls are out (20 pages of 25): at a shop's pace that
 * is minutes of messages, all a walk needs; a fast campaign's delivery and replies are caught up
 * by the first walk after it rather than by walks racing its sends.
 */
const WALK_RECORDS_WHILE_SENDING = 500;
/**
 * Once the gateway has shown a call limit, every call a walk makes is one send fewer: while calls
 * are out a walk reads one page (the replies and reports that came last), asks about no message one
 * by one, and comes at most every ten seconds. Measured before: one walk's 22 pages and 20 one-by-one
 * checks beside 60 bulk calls, under a limit of 4 calls a second, made a 15 s campaign take 24 s.
 * The full walk comes once sending is done.
 */
const WALK_INTERVAL_UNDER_LIMIT_MS = 10_000;

export interface ListWalksDeps {
  settings: WorkerSettings;
  log: Logger;
  matcher: KeywordMatcher;
  leases: ChoreLeases;
  alarm: Alarm;
  mono: () => number;
  noteError: (run: RunState, error: unknown, context: string) => CafeError;
  /** The account was refused while walking: pause sending as a refused send would. */
  hold: (run: RunState, error: CafeError) => void;
}

/**
 * The worker's walks of the gateway's list (lost answers, delivery reports, replies): started in
 * the background when the schedule says, by the worker that holds the walk's lease, one at a time.
 */
export function createListWalks(deps: ListWalksDeps): { maybeStart(run: RunState, signal: AbortSignal): Promise<void> } {
  const { settings, log, mono } = deps;

  function applyReport(run: RunState, report: SyncReport, startedMono: number, sharingLimit: boolean): void {
    log.debug(
      { records: report.records, delivered: report.delivered + report.undelivered, ms: Math.round(mono() - startedMono) },
      'list walk',
    );
    const changed = addSyncReport(run.summary, report);
    run.walk.unresolved = report.unresolved;
    run.walk.quietDelayMs = changed ? settings.trackIntervalMs : Math.min(run.walk.quietDelayMs * 2, settings.trackIntervalMs * 8);
    const nextMs = report.unresolved > 0 ? settings.reconcileIntervalMs : run.walk.quietDelayMs;
    run.schedule.runIn('walkGatewayList', sharingLimit ? Math.max(nextMs, WALK_INTERVAL_UNDER_LIMIT_MS) : nextMs);
  }

  /** Whether this walk takes its calls from sends under a known gateway call limit. */
  function sharesLimit(run: RunState): boolean {
    return run.calls.callsInFlight() > 0 && settings.client.learnedCallLimit() !== undefined;
  }

  function walk(run: RunState, signal: AbortSignal): Promise<SyncReport> {
    return syncWithGateway({
      db: settings.db,
      client: settings.client,
      logger: log,
      now: settings.now,
      matcher: deps.matcher,
      senderId: settings.senderId,
      defaultCountry: settings.defaultCountry,
      reconcileGraceMs: settings.reconcileGraceMs,
      skewMarginMs: settings.skewMarginMs,
      trackForMs: settings.trackForMs,
      trackIntervalMs: settings.trackIntervalMs,
      inboundLookbackMs: settings.inboundLookbackMs,
      perUidCheckLimit: settings.perUidCheckLimit,
      deliveryWalkWindowMs: settings.deliveryWalkWindowMs,
      unknownPerPass: settings.reconcilePerPass,
      maxRecords: run.calls.callsInFlight() > 0 ? WALK_RECORDS_WHILE_SENDING : undefined,
      // The limit may be learned while the walk goes: from then on it stops after a page.
      sparingCalls: () => sharesLimit(run),
      signal,
    });
  }

  async function maybeStart(run: RunState, signal: AbortSignal): Promise<void> {
    if (run.walk.running !== undefined || !run.schedule.due('walkGatewayList') || signal.aborted) return;
    if (!(await deps.leases.holds(CHORES.gatewayWalk))) {
      // Another worker walks the list; look again when its lease could have run out.
      run.schedule.runIn('walkGatewayList', settings.choreLeaseMs / 4);
      return;
    }
    const startedMono = mono();
    run.walk.lastStartedAt = startedMono;
    run.walk.running = walk(run, signal)
      .then((report) => applyReport(run, report, startedMono, sharesLimit(run)))
      .catch((error: unknown) => {
        if (signal.aborted) return;
        const cafe = deps.noteError(run, error, "reading the gateway's message list failed; trying again");
        if (isAccountLevelFailure(cafe)) deps.hold(run, cafe);
        run.schedule.runIn('walkGatewayList', Math.max(settings.reconcileIntervalMs, settings.trackIntervalMs));
      })
      .finally(() => {
        run.walk.running = undefined;
        deps.alarm.notify();
      });
  }

  return { maybeStart };
}
