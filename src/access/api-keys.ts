import type { Kysely } from 'kysely';
import { CafeError } from '../errors/index.js';
import {
  type ApiKeyRow,
  type Database,
  findApiKeyByHash,
  insertApiKey,
  isUniqueViolation,
  revokeApiKeyById,
  revokeApiKeyByName,
  selectAllApiKeys,
  touchApiKey,
} from '../store/index.js';
import { randomToken, sha256Hex } from './tokens.js';
import type { Clock } from './users.js';

/** Every key starts with this, so a leaked one is recognisable (secret scanners, logs). */
const KEY_PREFIX = 'csk_';
/** Shown in listings: the marker and 8 characters identify a key without revealing it. */
const SHOWN_PREFIX_LENGTH = KEY_PREFIX.length + 8;
const TOUCH_EVERY_MS = 60 * 1000;
const NAME = /^[A-Za-z0-9._-]{1,64}$/;

export interface ApiKey {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export function checkApiKeyName(name: string): string {
  const trimmed = name.trim();
  if (!NAME.test(trimmed)) {
    throw new CafeError('invalid_input', `"${name}" is not a valid API key name; use 1-64 letters, digits, dots, dashes or underscores`, {
      input: name,
      field: 'name',
    });
  }
  return trimmed;
}

/** Makes a key; `key` is the only time the secret exists outside its owner's hands. */
export async function createApiKey(db: Kysely<Database>, name: string, clock: Clock): Promise<{ apiKey: ApiKey; key: string }> {
  const checkedName = checkApiKeyName(name);
  const key = `${KEY_PREFIX}${randomToken()}`;
  try {
    const row = await insertApiKey(db, {
      name: checkedName,
      prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
      keyHash: sha256Hex(key),
      nowIso: clock.now().toISOString(),
    });
    return { apiKey: toApiKey(row), key };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new CafeError('conflict', `An API key named "${checkedName}" already exists; pick another name or revoke it first`, {
      input: checkedName,
      field: 'name',
      cause: error,
    });
  }
}

export async function listApiKeys(db: Kysely<Database>): Promise<ApiKey[]> {
  return (await selectAllApiKeys(db)).map(toApiKey);
}

export async function revokeApiKey(db: Kysely<Database>, name: string, clock: Clock): Promise<ApiKey> {
  const row = await revokeApiKeyByName(db, name.trim(), clock.now().toISOString());
  if (row === undefined) {
    throw new CafeError('not_found', `No API key is named "${name}"; \`npx cafe-sms apikey list\` shows them`, {
      input: name,
      field: 'name',
    });
  }
  return toApiKey(row);
}

/** Revokes the key with this id (the dashboard names keys by id); a second revoke keeps the first time. */
export async function revokeApiKeyWithId(db: Kysely<Database>, id: number, clock: Clock): Promise<ApiKey> {
  const row = await revokeApiKeyById(db, id, clock.now().toISOString());
  if (row === undefined) throw new CafeError('not_found', `There is no API key ${id}`, { input: String(id) });
  return toApiKey(row);
}

/** The live key a bearer token names, or undefined when it is unknown or revoked. */
export async function findApiKey(db: Kysely<Database>, key: string, clock: Clock): Promise<ApiKey | undefined> {
  if (!key.startsWith(KEY_PREFIX)) return undefined;
  const row = await findApiKeyByHash(db, sha256Hex(key));
  if (row === undefined || row.revoked_at !== null) return undefined;
  const now = clock.now();
  if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) {
    await touchApiKey(db, row.id, now.toISOString());
  }
  return toApiKey(row);
}
