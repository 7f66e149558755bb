import type { Command } from 'commander';
import type { CommandDeclarer, CommandHost } from './host.js';

export type { CommandHost } from './host.js';

interface CommandGroup {
  /** The top-level command names the group declares. */
  names: readonly string[];
  load: () => Promise<CommandDeclarer>;
}

/** Every command, in the order `cafe-sms --help` lists them. */
const GROUPS: readonly CommandGroup[] = [
  { names: ['send', 'get', 'list'], load: async () => (await import('./gateway.js')).declareGatewayCommands },
  { names: ['balance'], load: async () => (await import('./balance.js')).declareBalanceCommand },
  { names: ['bulk'], load: async () => (await import('./bulk.js')).declareBulkCommand },
  { names: ['contacts'], load: async () => (await import('./contacts.js')).declareContactCommands },
  { names: ['campaign'], load: async () => (await import('./campaign.js')).declareCampaignCommands },
  { names: ['worker'], load: async () => (await import('./worker.js')).declareWorkerCommand },
  { names: ['serve'], load: async () => (await import('./serve.js')).declareServeCommand },
  { names: ['user'], load: async () => (await import('./users.js')).declareUserCommands },
  { names: ['apikey'], load: async () => (await import('./apikey.js')).declareApiKeyCommands },
  { names: ['simulator'], load: async () => (await import('./simulator.js')).declareSimulatorCommand },
  { names: ['db'], load: async () => (await import('./db.js')).declareDbCommands },
];

/**
 * Declares the commands on the program: only the group named by the arguments, or every one for
 * help and mistakes (an unknown command, none at all). Declaring loads no command's own modules;
 * they are imported when the command runs (./host.ts).
 */
export async function declareCommands(program: Command, host: CommandHost, args: readonly string[]): Promise<void> {
  const first = args.find((arg) => !arg.startsWith('-'));
  const named = GROUPS.find((group) => first !== undefined && group.names.includes(first));
  const declarers = await Promise.all((named ? [named] : GROUPS).map((group) => group.load()));
  for (const declare of declarers) declare(program, host);
}
