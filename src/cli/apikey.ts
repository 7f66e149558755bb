import type { Command } from 'commander';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKey } from '../access/index.js';
import { withJsonOption, type CliContext, type CommandRegistrar } from './context.js';
import { cafeTime } from './cafe-time.js';
import { printResult, runCommand, type OutputOptions } from './output.js';
import { withStore } from './store-context.js';
import { formatTable } from './table.js';

const clock = { now: () => new Date() };

async function createCommand(context: CliContext, name: string, flags: OutputOptions): Promise<void> {
  const { apiKey, key } = await withStore(context, (store) => createApiKey(store.db, name, clock));
  printResult(flags, { apiKey, key }, () => [
    `Created API key "${apiKey.name}".`,
    '',
    '  Key (shown only this once; it is stored only as a hash — put it in the calling system now):',
    `    ${key}`,
    '',
    '  Use it as the header:  Authorization: Bearer <key>',
  ]);
}

function keyRows(keys: readonly ApiKey[]): string[] {
  if (keys.length === 0) return ['No API keys: `npx cafe-sms apikey create <name>` makes one.'];
  return formatTable(
    ['NAME', 'PREFIX', 'CREATED', 'LAST USED', 'STATUS'],
    keys.map((key) => [
      key.name,
      `${key.prefix}…`,
      cafeTime(key.createdAt),
      cafeTime(key.lastUsedAt),
      key.revokedAt === null ? 'active' : `revoked ${cafeTime(key.revokedAt)}`,
    ]),
  );
}

async function listCommand(context: CliContext, flags: OutputOptions): Promise<void> {
  const keys = await withStore(context, (store) => listApiKeys(store.db));
  printResult(flags, keys, () => keyRows(keys));
}

async function revokeCommand(context: CliContext, name: string, flags: OutputOptions): Promise<void> {
  const apiKey = await withStore(context, (store) => revokeApiKey(store.db, name, clock));
  printResult(flags, apiKey, () => [`Revoked API key "${apiKey.name}": requests with it now get 401.`]);
}

/** `cafe-sms apikey create|list|revoke`: keys for machines calling the HTTP API. */
export const registerApiKeyCommands: CommandRegistrar = (program: Command, context: CliContext) => {
  const apikey = program.command('apikey').description('manage API keys for machines calling the HTTP API');
  withJsonOption(apikey.command('create <name>').description('make a key; it is printed once')).action(
    (name: string, flags: OutputOptions) => runCommand(flags, () => createCommand(context, name, flags)),
  );
  withJsonOption(apikey.command('list').description('list keys (never the keys themselves)')).action((flags: OutputOptions) =>
    runCommand(flags, () => listCommand(context, flags)),
  );
  withJsonOption(apikey.command('revoke <name>').description('revoke a key at once')).action((name: string, flags: OutputOptions) =>
    runCommand(flags, () => revokeCommand(context, name, flags)),
  );
};
