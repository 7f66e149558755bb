import type { Kysely } from 'kysely';
import { CafeError } from '../errors/index.js';
import { writeTransaction, countAdmins, countUsers, type Database, deleteUserById, findUserById, type UserRole } from '../store/index.js';
import { generatePassword } from './passwords.js';
import { changePassword, createUser, toUser, type Clock, type User } from './users.js';

export interface AddedUser {
  user: User;
  /** True when the user was asked for as staff but made an admin, being the first user of all. */
  madeFirstAdmin: boolean;
}

/**
 * Creates a user; the very first one is always an admin, whatever was asked. Otherwise a `user add`
 * before the first `serve` left a cafe with staff only, and since `serve` makes `admin` only when
 * there is no user at all, nobody could ever manage users from the dashboard.
 */
export async function addUser(
  db: Kysely<Database>,
  input: { username: string; password: string; role: UserRole },
  clock: Clock,
): Promise<AddedUser> {
  const first = (await countUsers(db)) === 0;
  const role: UserRole = first ? 'admin' : input.role;
  const user = await createUser(db, { ...input, role }, clock);
  return { user, madeFirstAdmin: first && input.role !== 'admin' };
}

function noSuchUser(id: number): CafeError {
  return new CafeError('not_found', `There is no user ${id}; they may have been removed already`, { input: String(id) });
}

/**
 * Gives the user a new generated password and signs them out everywhere. The password is answered
 * once, for the admin to hand over; only its hash is kept.
 */
export async function resetPassword(
  db: Kysely<Database>,
  userId: number,
  clock: Clock,
): Promise<{ user: User; password: string; sessionsEnded: number }> {
  const row = await findUserById(db, userId);
  if (row === undefined) throw noSuchUser(userId);
  const password = generatePassword();
  const { user, sessionsEnded } = await changePassword(db, { username: row.username, password }, clock);
  return { user, password, sessionsEnded };
}

/**
 * Removes a user and their sessions. Nobody removes themself (an admin would lock themself out
 * mid-click), and the last admin stays, or nobody could manage users again.
 */
export async function removeUser(db: Kysely<Database>, userId: number, options: { byUserId: number | null }): Promise<User> {
  if (options.byUserId === userId) {
    throw new CafeError('conflict', 'You cannot remove yourself: ask another admin to do it', { input: String(userId) });
  }
  return writeTransaction(db, async (trx) => {
    const row = await findUserById(trx, userId);
    if (row === undefined) throw noSuchUser(userId);
    if (row.role === 'admin' && (await countAdmins(trx)) <= 1) {
      throw new CafeError('conflict', `${row.username} is the last admin: make another admin first, or nobody could manage users`, {
        input: String(userId),
      });
    }
    await deleteUserById(trx, userId);
    return toUser(row);
  });
}
