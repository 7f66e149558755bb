import type { Command } from 'commander';
import type { OutputOptions } from '../output.js';
import { runAction, withJsonOption, type CommandHost } from './host.js';

/** `cafe-sms balance`: the SMS units left on the gateway account (exit 1 when the gateway cannot be asked). */
export function declareBalanceCommand(program: Command, host: CommandHost): void {
  withJsonOption(
    program.command('balance').description('show the SMS units left on the gateway account (in rupees too when SMS_UNIT_PRICE is set)'),
  ).action((options: OutputOptions) =>
    runAction(host, options, async (context) => (await import('../balance.js')).balanceCommand(context, options)),
  );
}
