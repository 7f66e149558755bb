import type { AccountHold, BalanceView } from '../api/types';
import { formatKarachi } from '../time/karachi';
import { formatCount, formatRupees, formatUnits } from '../ui/format';

/** The SMS units left on the gateway account, their value, and a notice below the admin's threshold. */
export function BalanceCard({ view }: { view: BalanceView }) {
  const { balance } = view;
  return (
    <div className="card balance-card" data-testid="balance-card">
      <h2>SMS units left</h2>
      {balance.kind === 'units' ? (
        <p className="balance-figure">
          <strong data-testid="balance-units">{formatUnits(balance.units)}</strong>
          {view.value !== null ? (
            <span data-testid="balance-value">
              {' '}
              · {formatRupees(view.value)} <span className="muted small">at {formatRupees(view.unitPrice)} a unit</span>
            </span>
          ) : null}
        </p>
      ) : balance.kind === 'unlimited' ? (
        <p className="balance-figure">
          <strong data-testid="balance-units">Unlimited</strong> <span className="muted small">(the gateway sets no limit)</span>
        </p>
      ) : (
        <p className="muted" data-testid="balance-unknown">
          Not known: {balance.reason}.
        </p>
      )}
      {view.low && balance.kind === 'units' ? (
        <p className="notice notice-warning" role="status" data-testid="balance-low">
          Low on SMS units: {formatCount(balance.units)} left, below your warning level of {formatCount(view.lowThreshold)}. Top up the
          gateway account soon, or messages will wait until you do.
        </p>
      ) : null}
      <p className="muted small">Checked {formatKarachi(view.checkedAt)} (Karachi).</p>
    </div>
  );
}

/** Sending held for the whole account (e.g. no SMS units left): what happened, since when, what to do. */
export function AccountHoldNotice({ hold }: { hold: AccountHold }) {
  return (
    <p className="notice notice-warning" role="status" data-testid="account-hold">
      Sending is on hold since {formatKarachi(hold.since)} (Karachi): {hold.message}
    </p>
  );
}
