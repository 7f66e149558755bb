import { success, type Answer } from './answers.js';
import type { SimulatorState } from './state.js';

/** What Ultimate SMS answers for an account without a limit. */
export const UNLIMITED_BALANCE = 'Unlimited';

const UNITS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** The platform answers the balance as formatted text ("1,234"), not as a number. */
export function formatRemainingBalance(balance: number | undefined): string {
  return balance === undefined ? UNLIMITED_BALANCE : UNITS.format(balance);
}

/** GET balance: the SMS units left on the account. */
export function processBalance(state: SimulatorState): Answer {
  return success({ remaining_balance: formatRemainingBalance(state.balance) });
}
