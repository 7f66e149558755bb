import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { OutputOptions } from '../output.js';

/*
 * The files in this folder declare the commands: names, arguments, options and descriptions, which
 * is all `--help` and the parsing of the arguments need. They import nothing but commander, and
 * types: a command's own modules (the store, the gateway client, the configuration and the logger
 * behind the context) are imported by its action, when it runs. So `cafe-sms --help` loads no
 * command at all, and `cafe-sms contacts list` loads what listing contacts needs, not the web server.
 */

/** What the declarations hand their actions. */
export interface CommandHost {
  /** The context every command shares (configuration, logger), made, with its modules, on first use. */
  context(): Promise<CliContext>;
}

/** Declares a group of commands on the program. */
export type CommandDeclarer = (program: Command, host: CommandHost) => void;

/** Every command takes --json. */
export function withJsonOption(command: Command): Command {
  return command.option('--json', 'print a machine-readable result on stdout');
}

/**
 * Runs a command's body with the context, as every command runs (runCommand): a failure, loading
 * the command's modules included, is reported (stderr, or stdout as JSON) and sets the exit code.
 */
export async function runAction(host: CommandHost, options: OutputOptions, body: (context: CliContext) => Promise<void>): Promise<void> {
  const [{ runCommand }, context] = await Promise.all([import('../output.js'), host.context()]);
  await runCommand(options, () => body(context));
}
