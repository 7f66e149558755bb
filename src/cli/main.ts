import { Command, CommanderError } from 'commander';
import { createCliContext, type CommandRegistrar } from './context.js';
import { EXIT } from './output.js';

interface CommandGroup {
  /** The top-level command names the group registers. */
  names: readonly string[];
  load: () => Promise<CommandRegistrar>;
}

/**
 * One group per file in this folder, loaded only when one of its commands runs: the worker need not
 * carry the web server's modules in memory, and every command starts faster.
 */
const COMMAND_GROUPS: readonly CommandGroup[] = [
  { names: ['send', 'get', 'list'], load: async () => (await import('./gateway-commands.js')).registerGatewayCommands },
  { names: ['bulk'], load: async () => (await import('./bulk.js')).registerBulkCommand },
  { names: ['contacts'], load: async () => (await import('./contacts.js')).registerContactCommands },
  { names: ['campaign'], load: async () => (await import('./campaign.js')).registerCampaignCommands },
  { names: ['worker'], load: async () => (await import('./worker.js')).registerWorkerCommand },
  { names: ['serve'], load: async () => (await import('./serve.js')).registerServeCommand },
  { names: ['user'], load: async () => (await import('./users.js')).registerUserCommands },
  { names: ['apikey'], load: async () => (await import('./apikey.js')).registerApiKeyCommands },
  { names: ['simulator'], load: async () => (await import('./simulator.js')).registerSimulatorCommand },
];

/** The groups needed for these arguments: the one named, or all of them for help and mistakes. */
function groupsFor(args: readonly string[]): readonly CommandGroup[] {
  const first = args.find((arg) => !arg.startsWith('-'));
  const named = COMMAND_GROUPS.find((group) => first !== undefined && group.names.includes(first));
  return named ? [named] : COMMAND_GROUPS;
}

export async function buildProgram(args: readonly string[] = []): Promise<Command> {
  const program = new Command('cafe-sms')
    .description("Cafe de Revenue's customer messaging over the smsapp_connect gateway")
    .showHelpAfterError()
    .exitOverride();
  const context = createCliContext();
  for (const group of groupsFor(args)) (await group.load())(program, context);
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    const program = await buildProgram(argv.slice(2));
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; anything else commander rejects is bad usage.
      const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
      process.exitCode = ok ? EXIT.ok : EXIT.usage;
      return;
    }
    throw error;
  }
}

/**
 * `cafe-sms contacts export | head` closes the pipe early: the reader has what it wanted, so the
 * command ends quietly, as Unix tools do, instead of with a stack trace or an error message.
 */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(EXIT.ok);
  });
}

endQuietlyOnClosedPipe(process.stdout);
await main(process.argv);
