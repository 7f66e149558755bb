import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { isPostgres } from './dialect.js';
import type { ApiKeyRow, IdempotencyRow, SessionRow, UserRole, UserRow } from './access-tables.js';
import type { Database } from './schema.js';

/** Queries on users, sessions, API keys, idempotency answers and settings. Each takes `db` first (may be a transaction). */

// ---- users

export async function insertUser(
  db: Kysely<Database>,
  row: { username: string; passwordHash: string; role: UserRole; nowIso: string },
): Promise<UserRow> {
  return db
    .insertInto('users')
    .values({ username: row.username, password_hash: row.passwordHash, role: row.role, created_at: row.nowIso, updated_at: row.nowIso })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Case-insensitive, as the column's collation says. */
export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<UserRow | undefined> {
  // The same person whatever the case (SQLite: the column's NOCASE; PostgreSQL: the lower() index).
  const query = db.selectFrom('users').selectAll();
  return (
    isPostgres(db)
      ? query.where(sql<string>`lower(username)`, '=', sql<string>`lower(${username})`)
      : query.where('username', '=', username)
  ).executeTakeFirst();
}

export async function findUserById(db: Kysely<Database>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectAllUsers(db: Kysely<Database>): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('id').execute();
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countAdmins(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Their sessions go with them (foreign key, on delete cascade). */
export async function deleteUserById(db: Kysely<Database>, id: number): Promise<boolean> {
  const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function updateUserPassword(db: Kysely<Database>, id: number, passwordHash: string, nowIso: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash, updated_at: nowIso }).where('id', '=', id).execute();
}

// ---- sessions

export async function insertSession(db: Kysely<Database>, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** A session that has not expired, with its user. */
export async function findLiveSession(
  db: Kysely<Database>,
  id: string,
  nowIso: string,
): Promise<{ session: SessionRow; user: UserRow } | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.user_id',
      'sessions.csrf_token',
      'sessions.created_at as session_created_at',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'users.username',
      'users.password_hash',
      'users.role',
      'users.created_at as user_created_at',
      'users.updated_at as user_updated_at',
    ])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', nowIso)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    session: {
      id: row.session_id,
      user_id: row.user_id,
      csrf_token: row.csrf_token,
      created_at: row.session_created_at,
      expires_at: row.expires_at,
      last_seen_at: row.last_seen_at,
    },
    user: {
      id: row.user_id,
      username: row.username,
      password_hash: row.password_hash,
      role: row.role,
      created_at: row.user_created_at,
      updated_at: row.user_updated_at,
    },
  };
}

export async function touchSession(db: Kysely<Database>, id: string, nowIso: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: nowIso }).where('id', '=', id).execute();
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOfUser(db: Kysely<Database>, userId: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(db: Kysely<Database>, nowIso: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', nowIso).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// ---- API keys

export async function insertApiKey(
  db: Kysely<Database>,
  row: { name: string; prefix: string; keyHash: string; nowIso: string },
): Promise<ApiKeyRow> {
  return db
    .insertInto('api_keys')
    .values({ name: row.name, prefix: row.prefix, key_hash: row.keyHash, created_at: row.nowIso })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findApiKeyByHash(db: Kysely<Database>, keyHash: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
}

export async function selectAllApiKeys(db: Kysely<Database>): Promise<ApiKeyRow[]> {
  return db.selectFrom('api_keys').selectAll().orderBy('id').execute();
}

/** Undefined when no key has that name; a key already revoked keeps its first revocation time. */
export async function revokeApiKeyByName(db: Kysely<Database>, name: string, nowIso: string): Promise<ApiKeyRow | undefined> {
  await db.updateTable('api_keys').set({ revoked_at: nowIso }).where('name', '=', name).where('revoked_at', 'is', null).execute();
  return db.selectFrom('api_keys').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Undefined when no key has that id; a key already revoked keeps its first revocation time. */
export async function revokeApiKeyById(db: Kysely<Database>, id: number, nowIso: string): Promise<ApiKeyRow | undefined> {
  await db.updateTable('api_keys').set({ revoked_at: nowIso }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function touchApiKey(db: Kysely<Database>, id: number, nowIso: string): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: nowIso }).where('id', '=', id).execute();
}

// ---- idempotency

export async function findIdempotencyRecord(db: Kysely<Database>, scope: string, key: string): Promise<IdempotencyRow | undefined> {
  return db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
}

export async function insertIdempotencyRecord(
  db: Kysely<Database>,
  row: { scope: string; key: string; requestHash: string; statusCode: number; response: string; nowIso: string },
): Promise<void> {
  await db
    .insertInto('idempotency_keys')
    .values({
      scope: row.scope,
      key: row.key,
      request_hash: row.requestHash,
      status_code: row.statusCode,
      response: row.response,
      created_at: row.nowIso,
    })
    .execute();
}

/** Forgets answers older than `beforeIso`; answers how many. */
export async function deleteIdempotencyRecordsBefore(db: Kysely<Database>, beforeIso: string): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', beforeIso).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// ---- settings

/** Every stored setting as key → JSON text. */
export async function selectSettings(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  return new Map(rows.map((row) => [row.key, row.value]));
}

export async function upsertSettings(db: Kysely<Database>, entries: ReadonlyMap<string, string>, nowIso: string): Promise<void> {
  for (const [key, value] of entries) {
    await db
      .insertInto('settings')
      .values({ key, value, updated_at: nowIso })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value, updated_at: nowIso }))
      .execute();
  }
}
