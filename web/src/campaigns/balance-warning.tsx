import type { BalanceView } from '../api/types';
import { shortfallFigures, shortfallSentence, unitsShortfall } from './balance-check';

/**
 * Warns when a campaign needs more SMS units than the account has left. Shows nothing while the
 * balance is loading, unlimited or unknown (an older server without /api/balance included).
 */
export function BalanceWarning({
  preview,
  balance,
  testId = 'balance-shortfall',
}: {
  preview: { recipients: number; segments: { total: number } };
  balance: BalanceView | undefined;
  testId?: string;
}) {
  const shortfall = unitsShortfall(preview, balance?.balance);
  if (shortfall === null) return null;
  return (
    <div className="notice notice-warning" role="status" data-testid={testId}>
      <p>{shortfallSentence(shortfall)}</p>
      <p className="small">{shortfallFigures(shortfall, balance?.unitPrice)}</p>
    </div>
  );
}
