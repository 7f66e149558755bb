import type { Command } from 'commander';
import type { AddFlags, ExportFlags, ImportFlags, ListFlags, OptOutFlags, RemoveFlags } from '../contacts.js';
import type { OutputOptions } from '../output.js';
import { runAction, withJsonOption, type CommandHost } from './host.js';

const load = () => import('../contacts.js');

/** `--tag a --tag b` and `--tag a,b` both give [a, b]. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',')];
}

/** `cafe-sms contacts import|add|list|export|optout|optin|remove`. */
export function declareContactCommands(program: Command, host: CommandHost): void {
  const contacts = program.command('contacts').description('the customers messages go to: import, list, opt-outs');
  const tagOption = (command: Command, what: string) =>
    command.option('--tag <tag>', `${what} (repeatable, or comma-separated)`, collect, []);

  withJsonOption(
    tagOption(
      contacts
        .command('import')
        .description('add or update contacts from a CSV file (a phone column is required; name, tags and any other columns are kept)')
        .argument('<file>', 'the CSV file'),
      'add this tag to every contact in the file',
    ),
  ).action((file: string, flags: ImportFlags) =>
    runAction(host, flags, async (context) => (await load()).importCommand(context, file, flags)),
  );

  withJsonOption(
    tagOption(
      contacts
        .command('add')
        .description('add a contact, or update the one with this number')
        .argument('<phone>', 'mobile number, e.g. 0300-1234567')
        .option('--name <name>', "the customer's name")
        .option('--field <key=value>', 'a custom field (repeatable); key= removes it', (v: string, p: string[]) => [...p, v], []),
      'add this tag',
    ),
  ).action((phone: string, flags: AddFlags) => runAction(host, flags, async (context) => (await load()).addCommand(context, phone, flags)));

  withJsonOption(
    tagOption(
      contacts
        .command('list')
        .description('list contacts, oldest first')
        .option('--search <text>', 'part of a name or number')
        .option('--opted-out', 'only contacts who opted out')
        .option('--subscribed', 'only contacts who did not opt out')
        .option('--limit <n>', 'how many to show', '50')
        .option('--offset <n>', 'how many to skip', '0'),
      'only contacts with this tag (any of several)',
    ),
  ).action((flags: ListFlags) => runAction(host, flags, async (context) => (await load()).listCommand(context, flags)));

  withJsonOption(
    tagOption(
      contacts
        .command('export')
        .description('write contacts as CSV (phone,name,tags,opted_out,opted_out_at, then custom fields)')
        .option('--out <file.csv>', 'write to this file (UTF-8 with BOM, for Excel) instead of stdout'),
      'only contacts with this tag (any of several)',
    ),
  ).action((flags: ExportFlags) => runAction(host, flags, async (context) => (await load()).exportCommand(context, flags)));

  withJsonOption(
    contacts
      .command('optout')
      .description('stop all messages to a number (recorded with the reason)')
      .argument('<phone>', 'mobile number')
      .option('--reason <text>', 'why, e.g. "asked at the counter"'),
  ).action((phone: string, flags: OptOutFlags) =>
    runAction(host, flags, async (context) => (await load()).optOutCommand(context, phone, flags)),
  );

  withJsonOption(contacts.command('optin').description('let messages reach a number again').argument('<phone>', 'mobile number')).action(
    (phone: string, flags: OutputOptions) => runAction(host, flags, async (context) => (await load()).optInCommand(context, phone, flags)),
  );

  withJsonOption(
    contacts
      .command('remove')
      .description('delete a contact with its tags and consent history (an opted-out one only with --forget-opt-out)')
      .argument('<phone>', 'mobile number')
      .option('--forget-opt-out', 'remove it even though it opted out, forgetting the opt-out (a customer who asked to be erased)'),
  ).action((phone: string, flags: RemoveFlags) =>
    runAction(host, flags, async (context) => (await load()).removeCommand(context, phone, flags)),
  );
}
