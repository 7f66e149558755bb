import type { AccountBalance } from '../api/types';
import { formatCount, formatUnits, plural } from '../ui/format';

/** A campaign that needs more SMS units than the account has. */
export interface Shortfall {
  needed: number;
  available: number;
  recipients: number;
  /** About how many customers the units left pay for, at the campaign's average parts per message. */
  customers: number;
}

/**
 * Compares what a campaign needs (the preview's `segments.total`) with the units left. Null when
 * they are enough, or when the balance is not a number (unlimited, unknown, not loaded).
 */
export function unitsShortfall(
  preview: { recipients: number; segments: { total: number } },
  balance: AccountBalance | undefined,
): Shortfall | null {
  if (balance?.kind !== 'units') return null;
  const needed = preview.segments.total;
  const available = Math.max(0, Math.floor(balance.units));
  if (preview.recipients <= 0 || needed <= available) return null;
  // Units ÷ average parts a message: honest enough, since the messages of one campaign differ little.
  const perMessage = needed / preview.recipients;
  const customers = Math.min(preview.recipients - 1, Math.floor(available / perMessage));
  return { needed, available, recipients: preview.recipients, customers };
}

/** The warning in plain words for cafe staff. */
export function shortfallSentence(shortfall: Shortfall): string {
  const { available, customers, recipients } = shortfall;
  if (available === 0) return 'The account has no SMS units left: top up before sending, or every message will wait until you do.';
  if (customers === 0) {
    return (
      `The account has only ${formatUnits(available)}, not enough for one message: ` +
      'top up before sending, or every message will wait until you do.'
    );
  }
  return (
    `Enough SMS units for about ${formatCount(customers)} of ${plural(recipients, 'customer')}: ` +
    'top up before sending, or the rest will wait until you do.'
  );
}

/** "This campaign needs 300 SMS units · Rs 450; the account has 100 SMS units · Rs 150." */
export function shortfallFigures(shortfall: Shortfall, unitPrice: number | null | undefined): string {
  return `This campaign needs ${formatUnits(shortfall.needed, unitPrice)}; the account has ${formatUnits(shortfall.available, unitPrice)}.`;
}
