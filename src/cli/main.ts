import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { declareCommands, type CommandHost } from './commands/index.js';
import type { CliContext, CliContextOptions } from './context.js';
import { CLI_LOG_LEVEL } from './log-level.js';
import { EXIT } from './output.js';

/*
 * Start-up is on the clock: people type these commands. The commands are declared (names, options,
 * descriptions: what `--help` shows) from src/cli/commands/, which loads only commander; a command's
 * own modules, and the configuration and logger behind the context, are imported when it runs. So
 * `--help` loads no command, and `contacts list` loads neither the gateway client nor the web server
 * (bench/cli-startup.ts times them).
 */

const commandName = (args: readonly string[]): string | undefined => args.find((arg) => !arg.startsWith('-'));

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
  await declareCommands(
    program,
    lazyHost({
      defaultLogLevel: defaultLogLevelFor(args),
      verbose: () => program.opts<{ verbose?: boolean }>().verbose === true,
    }),
    args,
  );
  return program;
}

/** The context, with the configuration and log modules it loads, made when a command first asks for it. */
function lazyHost(options: CliContextOptions): CommandHost {
  let context: Promise<CliContext> | undefined;
  return {
    context: () => (context ??= import('./context.js').then(({ createCliContext }) => createCliContext(options))),
  };
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
