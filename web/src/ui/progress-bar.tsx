import { formatPercent } from './format';

/** Settled / total as a bar with its percentage written next to it. */
export function ProgressBar({ ratio, label }: { ratio: number; label: string }) {
  const clamped = Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : 0;
  const text = formatPercent(clamped);
  return (
    <div className="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(clamped * 100)}
        aria-valuetext={text}
      >
        <div className={`progress-fill${clamped >= 1 ? ' progress-complete' : ''}`} style={{ width: `${clamped * 100}%` }} />
      </div>
      <span className="progress-text" data-testid="progress-percent">
        {text}
      </span>
    </div>
  );
}
