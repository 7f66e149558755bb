import type { Command } from 'commander';
// The roles' own module: the store's index would load the database code to print a description.
import { USER_ROLES } from '../../store/access-tables.js';
import type { OutputOptions } from '../output.js';
import type { AddFlags, PasswordFlags } from '../users.js';
import { runAction, withJsonOption, type CommandHost } from './host.js';

const load = () => import('../users.js');

/** `cafe-sms user add|passwd|list`: who may sign in to the dashboard. */
export function declareUserCommands(program: Command, host: CommandHost): void {
  const user = program.command('user').description('manage who may sign in to the dashboard');
  withJsonOption(
    user
      .command('add <username>')
      .description('create a user; prints a generated password once unless --password-stdin')
      .option('--password-stdin', 'read the password from stdin instead of generating one')
      .option('--role <role>', `${USER_ROLES.join(' or ')} (the first user ever is always an admin)`, 'staff'),
  ).action((username: string, flags: AddFlags) =>
    runAction(host, flags, async (context) => (await load()).addCommand(context, username, flags)),
  );
  withJsonOption(
    user
      .command('passwd <username>')
      .description("set a user's password (generated and printed once unless --password-stdin); signs them out everywhere")
      .option('--password-stdin', 'read the new password from stdin'),
  ).action((username: string, flags: PasswordFlags) =>
    runAction(host, flags, async (context) => (await load()).passwdCommand(context, username, flags)),
  );
  withJsonOption(user.command('list').description('list users (never passwords)')).action((flags: OutputOptions) =>
    runAction(host, flags, async (context) => (await load()).listCommand(context, flags)),
  );
}
