import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { CLI_LOG_LEVEL, createCliContext, type CommandRegistrar } from './context.js';
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
  { names: ['balance'], load: async () => (await import('./balance.js')).registerBalanceCommand },
  { names: ['bulk'], load: async () => (await import('./bulk.js')).registerBulkCommand },
  { names: ['contacts'], load: async () => (await import('./contacts.js')).registerContactCommands },
  { names: ['campaign'], load: async () => (await import('./campaign.js')).registerCampaignCommands },
  { names: ['worker'], load: async () => (await import('./worker.js')).registerWorkerCommand },
  { names: ['serve'], load: async () => (await import('./serve.js')).registerServeCommand },
  { names: ['user'], load: async () => (await import('./users.js')).registerUserCommands },
  { names: ['apikey'], load: async () => (await import('./apikey.js')).registerApiKeyCommands },
  { names: ['simulator'], load: async () => (await import('./simulator.js')).registerSimulatorCommand },
  { names: ['db'], load: async () => (await import('./db.js')).registerDbCommands },
];

const commandName = (args: readonly string[]): string | undefined => args.find((arg) => !arg.startsWith('-'));

/** The groups needed for these arguments: the one named, or all of them for help and mistakes. */
function groupsFor(args: readonly string[]): readonly CommandGroup[] {
  const first = commandName(args);
  const named = COMMAND_GROUPS.find((group) => first !== undefined && group.names.includes(first));
  return named ? [named] : COMMAND_GROUPS;
}

/**
 * Services that run until stopped (`serve`, `worker` without --until-idle) log at info: their log is
 * the record of what they did. Every other command logs warnings and errors only, so that its
 * result is what the person reads. LOG_LEVEL or --verbose says otherwise.
 */
function defaultLogLevelFor(args: readonly string[]): string {
  const name = commandName(args);
  const service = name === 'serve' || (name === 'worker' && !args.includes('--until-idle'));
  return service ? 'info' : CLI_LOG_LEVEL;
}

/** The version in package.json, two folders up from both src/cli and dist/cli. */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

export async function buildProgram(args: readonly string[] = []): Promise<Command> {
  const program = new Command('cafe-sms')
    .description("Cafe de Revenue's customer messaging over the smsapp_connect gateway")
    .version(packageVersion(), '-V, --version', 'print the version of cafe-sms')
    .option('--verbose', 'log progress (info) on stderr, not only warnings and errors')
    .showHelpAfterError()
    .exitOverride();
  const context = createCliContext({
    defaultLogLevel: defaultLogLevelFor(args),
    verbose: () => program.opts<{ verbose?: boolean }>().verbose === true,
  });
  for (const group of groupsFor(args)) (await group.load())(program, context);
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    const program = await buildProgram(argv.slice(2));
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help asked for (`--help`, `help`) and --version exit 0. Help shown because something was
      // missing (`cafe-sms` alone, `cafe-sms contacts`) goes to stderr with exit 1 from commander:
      // that is bad usage, as is anything else commander rejects.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
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
