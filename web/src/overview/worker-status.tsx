import type { WorkerSnapshot } from '../api/types';
import { formatKarachi } from '../time/karachi';
import { formatCount } from '../ui/format';

const STATE_TEXT: Record<string, string> = {
  starting: 'Starting',
  sending: 'Sending',
  idle: 'Idle — nothing to send',
  quiet_hours: 'Quiet hours — promotional messages wait',
  rate_limited: 'Slowed down — the gateway is throttling',
  reconciling: 'Checking unanswered sends with the gateway',
  held: 'Held — the gateway refused the account',
  gateway_down: 'Paused — the gateway is not answering; tried again by itself',
  stopping: 'Stopping',
  stopped: 'Stopped',
};

function lastErrorText(value: WorkerSnapshot['lastError']): string | null {
  if (!value) return null;
  if (typeof value === 'string') return value;
  const when = value.at ? ` (${formatKarachi(value.at)})` : '';
  return `${value.message ?? value.code ?? 'unknown error'}${when}`;
}

function formatPace(worker: WorkerSnapshot): string | null {
  if (typeof worker.pace !== 'number') return null;
  const pace = `${formatCount(Math.round(worker.pace * 10) / 10)} SMS parts a second`;
  return typeof worker.sendRate === 'number' && worker.sendRate !== worker.pace ? `${pace} (set to ${formatCount(worker.sendRate)})` : pace;
}

/** What the outbox worker says it is doing (its snapshot), in words. */
export function WorkerStatus({ worker }: { worker: WorkerSnapshot | null }) {
  if (!worker) {
    return (
      <p className="notice notice-warning" data-testid="worker-status">
        The sending worker is not running in this server: queued messages wait until one starts.
      </p>
    );
  }
  const state = worker.state ?? 'unknown';
  const lastError = lastErrorText(worker.lastError);
  const pace = formatPace(worker);
  return (
    <div className="card" data-testid="worker-status">
      <dl className="facts">
        <div>
          <dt>State</dt>
          <dd>
            <span className={`badge badge-worker-${state}`} data-testid="worker-state">
              {STATE_TEXT[state] ?? state}
            </span>
          </dd>
        </div>
        {pace ? (
          <div>
            <dt>Pace</dt>
            <dd>{pace}</dd>
          </div>
        ) : null}
        {typeof worker.inFlight === 'number' ? (
          <div>
            <dt>Sending right now</dt>
            <dd>{formatCount(worker.inFlight)}</dd>
          </div>
        ) : null}
        {typeof worker.sentThisRun === 'number' ? (
          <div>
            <dt>Accepted since start</dt>
            <dd>{formatCount(worker.sentThisRun)}</dd>
          </div>
        ) : null}
        {worker.unknown ? (
          <div>
            <dt>Answer lost, checking with the gateway</dt>
            <dd>{formatCount(worker.unknown)}</dd>
          </div>
        ) : null}
        {worker.heldUntil ? (
          <div>
            <dt>Resumes</dt>
            <dd>{formatKarachi(worker.heldUntil)}</dd>
          </div>
        ) : null}
        {worker.startedAt ? (
          <div>
            <dt>Running since</dt>
            <dd>{formatKarachi(worker.startedAt)}</dd>
          </div>
        ) : null}
      </dl>
      {lastError ? (
        <p className="notice notice-error" data-testid="worker-last-error">
          Last error: {lastError}
        </p>
      ) : null}
    </div>
  );
}
