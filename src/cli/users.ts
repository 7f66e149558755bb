// A command's module, loaded only when it runs (see commands/users.ts, which declares it).
import { addUser, changePassword, generatePassword, listUsers, USER_ROLES, type User, type UserRole } from '../access/index.js';
import { CafeError } from '../errors/index.js';
import type { CliContext } from './context.js';
import { printResult, type OutputOptions } from './output.js';
import { withStore } from './store-context.js';
import { cafeTime } from './cafe-time.js';
import { formatTable } from './table.js';

export interface PasswordFlags extends OutputOptions {
  passwordStdin?: boolean;
}

export interface AddFlags extends PasswordFlags {
  role: string;
}

const clock = { now: () => new Date() };

/**
 * Reads a password piped on stdin (`--password-stdin`): everything up to the end, without the final
 * line break. Never from an argument, where it would land in shell history and `ps`.
 */
async function readPasswordFromStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  if ((stdin as { isTTY?: boolean }).isTTY) {
    throw new CafeError(
      'invalid_input',
      '--password-stdin reads the password from a pipe, e.g. `printf %s "$PASSWORD" | npx cafe-sms user add bob --password-stdin`',
      {
        input: '--password-stdin',
      },
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (password === '') {
    throw new CafeError('invalid_input', '--password-stdin: nothing came on stdin; pipe the password in', { input: '--password-stdin' });
  }
  return password;
}

function parseRole(role: string): UserRole {
  if (!(USER_ROLES as readonly string[]).includes(role)) {
    throw new CafeError('invalid_input', `--role must be ${USER_ROLES.join(' or ')}, got "${role}"`, { input: role });
  }
  return role as UserRole;
}

/** The piped password, or a generated one the caller shows once. */
async function choosePassword(flags: PasswordFlags): Promise<{ password: string; generated: boolean }> {
  if (flags.passwordStdin) return { password: await readPasswordFromStdin(), generated: false };
  return { password: generatePassword(), generated: true };
}

function passwordLines(password: string): string[] {
  return ['', '  Password (shown only this once; it is stored only as a hash — keep it somewhere safe):', `    ${password}`, ''];
}

const FIRST_ADMIN_NOTE =
  'This is the first user, so they are an admin ' +
  '(someone must be able to manage staff from the dashboard; `serve` then creates no "admin").';

export async function addCommand(context: CliContext, username: string, flags: AddFlags): Promise<void> {
  const role = parseRole(flags.role);
  const { password, generated } = await choosePassword(flags);
  const { user, madeFirstAdmin } = await withStore(context, (store) => addUser(store.db, { username, password, role }, clock));
  const result = { user, madeFirstAdmin, ...(generated ? { password } : {}) };
  printResult(flags, result, () => [
    `Created user ${user.username} (${user.role}).`,
    ...(madeFirstAdmin ? [FIRST_ADMIN_NOTE] : []),
    ...(generated ? passwordLines(password) : []),
  ]);
}

export async function passwdCommand(context: CliContext, username: string, flags: PasswordFlags): Promise<void> {
  const { password, generated } = await choosePassword(flags);
  const { user, sessionsEnded } = await withStore(context, (store) => changePassword(store.db, { username, password }, clock));
  const result = { user, sessionsEnded, ...(generated ? { password } : {}) };
  printResult(flags, result, () => [
    `Changed the password of ${user.username}; signed out of ${sessionsEnded} session${sessionsEnded === 1 ? '' : 's'}.`,
    ...(generated ? passwordLines(password) : []),
  ]);
}

function userRows(users: readonly User[]): string[] {
  if (users.length === 0)
    return ['No users yet: `npx cafe-sms user add <username>` makes one (and `npm start` makes "admin" on first start).'];
  return formatTable(
    ['ID', 'USERNAME', 'ROLE', 'CREATED'],
    users.map((user) => [String(user.id), user.username, user.role, cafeTime(user.createdAt)]),
  );
}

export async function listCommand(context: CliContext, flags: OutputOptions): Promise<void> {
  const users = await withStore(context, (store) => listUsers(store.db));
  printResult(flags, users, () => userRows(users));
}
