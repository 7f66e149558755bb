// A command's module, loaded only when it runs (see commands/balance.ts, which declares it).
import type { AccountBalance } from '../gateway/index.js';
import type { CliContext } from './context.js';
import { gatewayClientFor } from './gateway-client.js';
import { printResult, type OutputOptions } from './output.js';

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

/** "Rs 1,851.5": rupees as the cafe writes them. */
export function formatRupees(amount: number): string {
  return `Rs ${MONEY.format(amount)}`;
}

/** What `cafe-sms balance --json` prints. */
export interface BalanceResult {
  balance: AccountBalance;
  /** Rupees per SMS unit (SMS_UNIT_PRICE); null when not set. */
  unitPrice: number | null;
  /** The units in rupees; null without a price or a number of units. */
  value: number | null;
}

export function balanceResult(balance: AccountBalance, unitPrice: number | null): BalanceResult {
  const value = balance.kind === 'units' && unitPrice !== null ? Math.round(balance.units * unitPrice * 100) / 100 : null;
  return { balance, unitPrice, value };
}

export function balanceLine(result: BalanceResult): string {
  const { balance, value } = result;
  switch (balance.kind) {
    case 'unlimited':
      return 'SMS units left: unlimited';
    case 'unknown':
      return `SMS units left: the gateway does not say: ${balance.reason}`;
    case 'units': {
      const money = value === null ? '' : ` (${formatRupees(value)} at ${formatRupees(result.unitPrice ?? 0)} a unit)`;
      // The gateway's own words too, when they say more than the number ("Rs 1,234.50").
      const said = balance.text === COUNT.format(balance.units) ? '' : ` — the gateway says "${balance.text}"`;
      return `SMS units left: ${COUNT.format(balance.units)}${money}${said}`;
    }
  }
}

/** `cafe-sms balance`: the SMS units left on the gateway account (exit 1 when the gateway cannot be asked). */
export async function balanceCommand(context: CliContext, options: OutputOptions): Promise<void> {
  const client = gatewayClientFor(context, 'few');
  const result = balanceResult(await client.balance(), context.config().smsUnitPrice);
  printResult(options, result, () => [balanceLine(result)]);
}
