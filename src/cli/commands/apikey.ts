import type { Command } from 'commander';
import type { OutputOptions } from '../output.js';
import { runAction, withJsonOption, type CommandHost } from './host.js';

const load = () => import('../apikey.js');

/** `cafe-sms apikey create|list|revoke`: keys for machines calling the HTTP API. */
export function declareApiKeyCommands(program: Command, host: CommandHost): void {
  const apikey = program.command('apikey').description('manage API keys for machines calling the HTTP API');
  withJsonOption(apikey.command('create <name>').description('make a key; it is printed once')).action(
    (name: string, flags: OutputOptions) => runAction(host, flags, async (context) => (await load()).createCommand(context, name, flags)),
  );
  withJsonOption(apikey.command('list').description('list keys (never the keys themselves)')).action((flags: OutputOptions) =>
    runAction(host, flags, async (context) => (await load()).listCommand(context, flags)),
  );
  withJsonOption(apikey.command('revoke <name>').description('revoke a key at once')).action((name: string, flags: OutputOptions) =>
    runAction(host, flags, async (context) => (await load()).revokeCommand(context, name, flags)),
  );
}
