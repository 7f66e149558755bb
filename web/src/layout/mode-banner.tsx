import type { Mode } from '../api/types';

/** Impossible to miss in sandbox mode, so nobody mistakes a rehearsal for a real send. */
export function ModeBanner({ mode }: { mode: Mode | null }) {
  if (mode !== 'sandbox') return null;
  return (
    <div className="sandbox-banner" role="note" data-testid="sandbox-banner">
      <strong>Sandbox mode — no real SMS is sent</strong>
      <span className="sandbox-banner-detail"> Messages go to a built-in simulator.</span>
    </div>
  );
}

export function LiveBadge({ mode }: { mode: Mode | null }) {
  if (mode !== 'live') return null;
  return (
    <span className="live-badge" data-testid="live-badge" title="Live mode: messages are sent to real phones">
      Live
    </span>
  );
}
