import { Command, CommanderError } from 'commander';
import { createCliContext, type CommandRegistrar } from './context.js';
import { EXIT } from './output.js';

/** One registrar per command group; each lives in its own file in this folder. */
const registrars: CommandRegistrar[] = [];

export function buildProgram(): Command {
  const program = new Command('cafe-sms')
    .description("Cafe de Revenue's customer messaging over the smsapp_connect gateway")
    .showHelpAfterError()
    .exitOverride();
  const context = createCliContext();
  for (const register of registrars) register(program, context);
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
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

await main(process.argv);
