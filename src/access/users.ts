import type { Kysely } from 'kysely';
import { CafeError } from '../errors/index.js';
import {
  writeTransaction,
  countUsers,
  type Database,
  deleteSessionsOfUser,
  findUserByUsername,
  insertUser,
  isUniqueViolation,
  selectAllUsers,
  updateUserPassword,
  type UserRole,
  type UserRow,
} from '../store/index.js';
import { checkPasswordRules, generatePassword, hashPassword, UNKNOWN_USER_HASH, verifyPassword } from './passwords.js';

/** A user as the API and the CLI show it: never the password hash. */
export interface User {
  id: number;
  username: string;
  role: UserRole;
  createdAt: string;
}

export interface Clock {
  now: () => Date;
}

const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

export function toUser(row: UserRow): User {
  return { id: row.id, username: row.username, role: row.role, createdAt: row.created_at };
}

/** Usernames are 1–64 letters, digits or . _ @ -; anything else is refused with the rule. */
export function checkUsername(username: string): string {
  const trimmed = username.trim();
  if (!USERNAME.test(trimmed)) {
    throw new CafeError(
      'invalid_input',
      `"${username}" is not a valid username; use 1-64 letters, digits, dots, dashes, underscores or @`,
      { input: username, field: 'username' },
    );
  }
  return trimmed;
}

export async function createUser(
  db: Kysely<Database>,
  input: { username: string; password: string; role: UserRole },
  clock: Clock,
): Promise<User> {
  const username = checkUsername(input.username);
  checkPasswordRules(input.password);
  const passwordHash = await hashPassword(input.password);
  try {
    return toUser(await insertUser(db, { username, passwordHash, role: input.role, nowIso: clock.now().toISOString() }));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new CafeError(
      'conflict',
      `A user named "${username}" already exists; use \`npx cafe-sms user passwd ${username}\` to change their password`,
      {
        input: username,
        field: 'username',
        cause: error,
      },
    );
  }
}

/** Sets a new password and signs the user out everywhere: old sessions may belong to whoever knew the old one. */
export async function changePassword(
  db: Kysely<Database>,
  input: { username: string; password: string },
  clock: Clock,
): Promise<{ user: User; sessionsEnded: number }> {
  checkPasswordRules(input.password);
  const passwordHash = await hashPassword(input.password);
  return writeTransaction(db, async (trx) => {
    const row = await findUserByUsername(trx, input.username.trim());
    if (row === undefined) {
      throw new CafeError('not_found', `No user is named "${input.username}"; \`npx cafe-sms user list\` shows who exists`, {
        input: input.username,
        field: 'username',
      });
    }
    await updateUserPassword(trx, row.id, passwordHash, clock.now().toISOString());
    const sessionsEnded = await deleteSessionsOfUser(trx, row.id);
    return { user: toUser(row), sessionsEnded };
  });
}

export async function listUsers(db: Kysely<Database>): Promise<User[]> {
  return (await selectAllUsers(db)).map(toUser);
}

/** The user when the password is right; undefined otherwise, taking as long whether or not the user exists. */
export async function authenticate(db: Kysely<Database>, username: string, password: string): Promise<User | undefined> {
  const row = await findUserByUsername(db, username.trim());
  const matches = await verifyPassword(password, row?.password_hash ?? UNKNOWN_USER_HASH);
  return row !== undefined && matches ? toUser(row) : undefined;
}

export type EnsureAdminResult = { created: false } | { created: true; user: User; generatedPassword: string | undefined };

/**
 * On first start (no user at all) creates `admin`, with `password` when given, else a generated one
 * that the caller must show once: it is stored only as a hash.
 */
export async function ensureAdmin(db: Kysely<Database>, password: string | undefined, clock: Clock): Promise<EnsureAdminResult> {
  if ((await countUsers(db)) > 0) return { created: false };
  const generatedPassword = password === undefined ? generatePassword() : undefined;
  try {
    const user = await createUser(db, { username: 'admin', password: password ?? generatedPassword ?? '', role: 'admin' }, clock);
    return { created: true, user, generatedPassword };
  } catch (error) {
    // Another process created it between our count and insert: theirs stands.
    if (error instanceof CafeError && error.code === 'conflict') return { created: false };
    throw error;
  }
}
