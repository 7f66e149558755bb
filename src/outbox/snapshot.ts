/** What a worker is doing, in words the dashboard shows. */
export const WORKER_STATES = Object.freeze({
  starting: 'starting',
  sending: 'sending',
  idle: 'idle',
  quietHours: 'quiet_hours',
  rateLimited: 'rate_limited',
  reconciling: 'reconciling',
  /** The gateway refused the account itself (bad token, no balance): sending is paused. */
  held: 'held',
  /** The gateway is unreachable or failing on its side: sending is paused and tried again by itself. */
  gatewayDown: 'gateway_down',
  stopping: 'stopping',
  stopped: 'stopped',
} as const);

export type WorkerState = (typeof WORKER_STATES)[keyof typeof WORKER_STATES];

export interface WorkerError {
  code: string;
  message: string;
  at: string;
}

/** Written with every heartbeat into workers.snapshot (JSON), and answered by `snapshot()`. */
export interface WorkerSnapshot {
  workerId: string;
  state: WorkerState;
  /** Current pace in segments per second (halved while the gateway throttles us). */
  pace: number;
  /** The configured pace. */
  sendRate: number;
  /** Gateway send calls in flight. */
  inFlight: number;
  /** Messages the gateway accepted during this run. */
  sentThisRun: number;
  /** Messages whose outcome is being reconciled against the gateway's list. */
  unknown: number;
  lastError: WorkerError | null;
  /** While held or the gateway is down: when sending is tried again (ISO). */
  heldUntil: string | null;
  startedAt: string;
  updatedAt: string;
}

/** Counts of one run (`run` or `runUntilIdle`), printed by `cafe-sms worker --json`. */
export interface WorkerSummary {
  /** Messages put in a request to the gateway. */
  sent: number;
  /** Of those, accepted by the gateway's answer. */
  accepted: number;
  /** Refused for good (invalid number, blacklisted, …) or out of retries. */
  failed: number;
  /** Refused for a passing reason (throttled, gateway unavailable): queued again for later. */
  retried: number;
  /** Answers lost: left to reconciliation. */
  unknown: number;
  /** Customer opted out before the message went. */
  skipped: number;
  /** Lost answers found in the gateway's list: accepted without sending again. */
  reconciled: number;
  /** Lost answers absent from the list after the grace period: queued to be sent again. */
  requeued: number;
  /**
   * Rows found unsent (a lost answer absent from the list, a refusal for now, a claim held back)
   * whose campaign had been cancelled meanwhile: cancelled, not sent.
   */
  cancelled: number;
  /** Rows of a dead worker found in `sending` and moved to `unknown`. */
  orphaned: number;
  delivered: number;
  undelivered: number;
  /** Customer messages stored. */
  inbound: number;
  optedOut: number;
  optedIn: number;
  /** Gateway send calls made. */
  calls: number;
  durationMs: number;
  /** Promotional messages left waiting for quiet hours to end when the run stopped; 0 outside quiet hours. */
  heldForQuietHours: number;
  /** When those quiet hours end (ISO), or null when nothing is held. */
  quietHoursEndAt: string | null;
}

export function emptySummary(): WorkerSummary {
  return {
    sent: 0,
    accepted: 0,
    failed: 0,
    retried: 0,
    unknown: 0,
    skipped: 0,
    reconciled: 0,
    requeued: 0,
    cancelled: 0,
    orphaned: 0,
    delivered: 0,
    undelivered: 0,
    inbound: 0,
    optedOut: 0,
    optedIn: 0,
    calls: 0,
    durationMs: 0,
    heldForQuietHours: 0,
    quietHoursEndAt: null,
  };
}

type Count = Exclude<keyof WorkerSummary, 'heldForQuietHours' | 'quietHoursEndAt'>;
const COUNTS = (Object.keys(emptySummary()) as (keyof WorkerSummary)[]).filter(
  (key): key is Count => key !== 'heldForQuietHours' && key !== 'quietHoursEndAt',
);

/**
 * Two runs' counts together (a worker restarted with new settings reports one summary); what is
 * held when it stops is the later run's.
 */
export function addSummaries(a: WorkerSummary, b: WorkerSummary): WorkerSummary {
  const total = { ...b };
  for (const key of COUNTS) total[key] = a[key] + b[key];
  return total;
}
