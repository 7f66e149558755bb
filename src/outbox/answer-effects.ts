import { CafeError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import type { AccountHoldTracker } from './account-hold.js';
import type { WorkerSettings } from './options.js';
import type { Pacer } from './pacer.js';
import type { RunState } from './run-state.js';
import type { CallResult } from './send-claimed.js';

export interface AnswerEffectsDeps {
  settings: WorkerSettings;
  log: Logger;
  pacer: Pacer;
  accountHold: AccountHoldTracker;
  mono: () => number;
  /** After a throttled call: the client may have learned the gateway's call limit anew. */
  onThrottled: () => void;
}

export interface AnswerEffects {
  /** Counts a call's decisions into the run and reacts to them: slow down, pause, look at the list. */
  follow: (run: RunState, result: CallResult) => void;
  /** The gateway refused the account: pause sending (or end a run that must end once idle). */
  hold: (run: RunState, error: CafeError) => void;
}

/** What the gateway's answers do to the run, beyond what is recorded for their rows. */
export function createAnswerEffects(deps: AnswerEffectsDeps): AnswerEffects {
  const { settings, log, pacer, accountHold, mono } = deps;

  function hold(run: RunState, error: CafeError): void {
    const pauseMs = accountHold.refused(error);
    if (run.untilIdle) {
      run.fatal ??= error;
      return;
    }
    if (run.pausedUntil === undefined) {
      log.error({ code: error.code, pauseMs }, `the gateway refused the account, sending paused: ${error.message}`);
    }
    run.pausedUntil = mono() + pauseMs;
  }

  function throttled(retryAfterMs: number | undefined): void {
    // Without Retry-After, the client books the next call for when the gateway's second has room
    // (it learned the limit from this throttle): a second cool-off here would only waste a second.
    pacer.slowDown(retryAfterMs ?? (settings.client.learnedCallLimit() === undefined ? undefined : 0));
    deps.onThrottled();
  }

  function follow(run: RunState, result: CallResult): void {
    // One throttled call is one event, however many of its rows it sent back to the queue.
    const throttle = result.decisions.find((d) => d.kind === 'retry' && d.error.code === 'rate_limited');
    if (throttle !== undefined && throttle.kind === 'retry') throttled(throttle.error.retryAfterMs);
    for (const decision of result.decisions) {
      switch (decision.kind) {
        case 'accepted':
          run.summary.accepted += 1;
          accountHold.accepted();
          if (decision.uid === undefined) run.walk.lookNeededAt = mono();
          break;
        case 'failed':
          run.summary.failed += 1;
          break;
        case 'unknown':
          run.summary.unknown += 1;
          run.schedule.runNow('walkGatewayList');
          break;
        case 'retry':
          run.summary.retried += 1;
          break;
        case 'outage':
          run.summary.retried += 1;
          break;
        case 'hold':
          run.summary.retried += 1;
          hold(run, decision.error);
          break;
      }
      if (decision.kind !== 'accepted') {
        run.lastError = { code: decision.error.code, message: decision.error.message, at: settings.now().toISOString() };
      }
    }
    followOutage(run, result);
  }

  /** One call's worth of outage: a failed call lengthens the pause, an accepted message ends it. */
  function followOutage(run: RunState, result: CallResult): void {
    const down = result.decisions.find((d) => d.kind === 'outage');
    if (down === undefined) {
      if (run.outage !== undefined && result.decisions.some((d) => d.kind === 'accepted')) {
        log.info({ calls: run.outage.calls, ms: Math.round(mono() - run.outage.sinceMono) }, 'the gateway answers again; sending resumes');
        run.outage = undefined;
      }
      return;
    }
    const now = mono();
    run.outage ??= { sinceMono: now, calls: 0 };
    run.outage.calls += 1;
    const downForMs = now - run.outage.sinceMono;
    if (run.untilIdle && downForMs >= settings.outageGiveUpMs) {
      run.fatal ??= new CafeError(
        down.error.code,
        `The gateway has failed every call for ${Math.round(downForMs / 1000)} s (${down.error.message}). ` +
          'Nothing was lost: the messages are queued and go with the next worker run.',
        { cause: down.error },
      );
      return;
    }
    const pauseMs = Math.min(settings.outagePauseMaxMs, settings.outagePauseMs * 2 ** (run.outage.calls - 1));
    if (run.outage.calls === 1) log.warn({ code: down.error.code, pauseMs }, `the gateway is down, sending paused: ${down.error.message}`);
    run.pausedUntil = Math.max(run.pausedUntil ?? 0, now + pauseMs);
  }

  return { follow, hold };
}
