import type { Command } from 'commander';
import type { ListOptions, SendOptions } from '../gateway-commands.js';
import type { OutputOptions } from '../output.js';
import { runAction, withJsonOption, type CommandHost } from './host.js';

const load = () => import('../gateway-commands.js');

/** `cafe-sms send`, `get` and `list`: one message at a time, and the gateway's own records. */
export function declareGatewayCommands(program: Command, host: CommandHost): void {
  withJsonOption(
    program
      .command('send')
      .description('send one SMS through the gateway')
      .argument('<phone>', 'mobile number, e.g. 0300-1234567 or +92 300 1234567')
      .argument('<message>', 'the text (quote it), or the picture URL with --type image')
      .option('--type <type>', 'text or image', 'text'),
  ).action((phone: string, message: string, options: SendOptions) =>
    runAction(host, options, async (context) => (await load()).sendCommand(context, phone, message, options)),
  );

  withJsonOption(
    program
      .command('get')
      .description('show one message the gateway holds')
      .argument('<uid>', "the gateway's message id, e.g. 606812e63f78b"),
  ).action((uid: string, options: OutputOptions) =>
    runAction(host, options, async (context) => (await load()).getCommand(context, uid, options)),
  );

  withJsonOption(
    program
      .command('list')
      .description("list the gateway's messages (sent and received), newest first")
      .option('--page <n>', 'page number, from 1 (default 1)')
      .option('--all', 'every message, all pages'),
  ).action((options: ListOptions) => runAction(host, options, async (context) => (await load()).listCommand(context, options)));
}
