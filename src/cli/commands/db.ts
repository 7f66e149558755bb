import type { Command } from 'commander';
import type { CopyFlags } from '../db.js';
import type { OutputOptions } from '../output.js';
import { runAction, withJsonOption, type CommandHost } from './host.js';

const load = () => import('../db.js');

/** `cafe-sms db migrate|copy`: the database itself. */
export function declareDbCommands(program: Command, host: CommandHost): void {
  const db = program.command('db').description('the database itself: upgrade its schema, copy a cafe to another database');

  withJsonOption(db.command('migrate').description('apply the pending schema migrations to the database behind DATABASE_URL')).action(
    (flags: OutputOptions) => runAction(host, flags, async (context) => (await load()).migrateCommand(context, flags)),
  );

  withJsonOption(
    db
      .command('copy')
      .description('copy a whole cafe (contacts, opt-outs, campaigns, messages, users, settings) into a new, empty database')
      .requiredOption('--from <database>', 'the SQLite file or postgres:// URL to copy from')
      .requiredOption(
        '--to <database>',
        'the postgres://…?schema=name URL or SQLite file to copy into; it must hold no contacts, campaigns, messages or users',
      ),
  ).action((flags: CopyFlags) => runAction(host, flags, async (context) => (await load()).copyCommand(context, flags)));
}
