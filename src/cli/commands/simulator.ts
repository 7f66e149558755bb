import type { Command } from 'commander';
import type { SimulatorFlags } from '../simulator.js';
import { withJsonOption, type CommandHost } from './host.js';

/** The token the simulator accepts when neither --token nor SMSAPP_API_TOKEN gives one. */
export const SANDBOX_TOKEN = 'sandbox-token';

/** `cafe-sms simulator`: a local stand-in for the gateway, until Ctrl-C. */
export function declareSimulatorCommand(program: Command, host: CommandHost): void {
  withJsonOption(
    program
      .command('simulator')
      .description('run a local stand-in for the smsapp_connect gateway, for tests, demos and trying cafe-sms safely')
      .option('--port <number>', 'port to listen on (0 = any free port)', '8787')
      .option('--host <address>', 'address to listen on', '127.0.0.1')
      .option('--token <token>', `bearer token to accept (default: SMSAPP_API_TOKEN if set, else "${SANDBOX_TOKEN}")`)
      .option('--latency-ms <ms>', 'delay added before every answer')
      .option('--error-rate <fraction>', 'fraction of calls answered 503 without being processed (0-1)')
      .option('--rate-limit <n>', 'most calls per second before answering 429')
      .option('--cut-rate <fraction>', 'fraction of sends processed and then cut off without an answer (0-1)')
      .option('--delivery-delay-ms <ms>', 'time from acceptance to a final delivery status (default 2000)')
      .option('--per-page <n>', 'records per page of the message list (default 25)')
      .option('--bulk-answer <shape>', 'what a bulk send answers: records, count or message (default records)')
      .option('--balance <units>', 'SMS units on the account; sends beyond them are refused (default unlimited)'),
  ).action(async (flags: SimulatorFlags) => {
    const [{ simulatorCommand }, context] = await Promise.all([import('../simulator.js'), host.context()]);
    await simulatorCommand(context, flags);
  });
}
