// A command's module, loaded only when it runs (see commands/apikey.ts, which declares it).
import { createApiKey, listApiKeys, revokeApiKey, type ApiKey } from '../access/api-keys.js';
import type { CliContext } from './context.js';
import { cafeTime } from './cafe-time.js';
import { printResult, type OutputOptions } from './output.js';
import { withStore } from './store-context.js';
import { formatTable } from './table.js';

const clock = { now: () => new Date() };

export async function createCommand(context: CliContext, name: string, flags: OutputOptions): Promise<void> {
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

export async function listCommand(context: CliContext, flags: OutputOptions): Promise<void> {
  const keys = await withStore(context, (store) => listApiKeys(store.db));
  printResult(flags, keys, () => keyRows(keys));
}

export async function revokeCommand(context: CliContext, name: string, flags: OutputOptions): Promise<void> {
  const apiKey = await withStore(context, (store) => revokeApiKey(store.db, name, clock));
  printResult(flags, apiKey, () => [`Revoked API key "${apiKey.name}": requests with it now get 401.`]);
}
