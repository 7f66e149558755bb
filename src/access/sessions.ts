import type { Kysely } from 'kysely';
import { type Database, deleteExpiredSessions, deleteSession, findLiveSession, insertSession, touchSession } from '../store/index.js';
import { randomToken, sha256Hex } from './tokens.js';
import { toUser, type Clock, type User } from './users.js';

export const DEFAULT_SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** last_seen_at is refreshed at most this often, so reading pages does not write on every request. */
const TOUCH_EVERY_MS = 60 * 1000;

export interface NewSession {
  /** Goes in the cookie and nowhere else; the database keeps only its SHA-256. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface LiveSession {
  id: string;
  user: User;
  csrfToken: string;
  expiresAt: string;
}

export async function startSession(db: Kysely<Database>, userId: number, options: Clock & { ttlMs?: number }): Promise<NewSession> {
  const now = options.now();
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + (options.ttlMs ?? DEFAULT_SESSION_TTL_MS));
  await deleteExpiredSessions(db, now.toISOString());
  await insertSession(db, {
    id: sha256Hex(token),
    user_id: userId,
    csrf_token: csrfToken,
    created_at: now.toISOString(),
    expires_at: expiresAt.toISOString(),
    last_seen_at: now.toISOString(),
  });
  return { token, csrfToken, expiresAt };
}

/** The session a cookie token opens, or undefined when it is unknown, ended or expired. */
export async function findSession(db: Kysely<Database>, token: string, clock: Clock): Promise<LiveSession | undefined> {
  const now = clock.now();
  const id = sha256Hex(token);
  const found = await findLiveSession(db, id, now.toISOString());
  if (found === undefined) return undefined;
  if (now.getTime() - Date.parse(found.session.last_seen_at) > TOUCH_EVERY_MS) {
    await touchSession(db, id, now.toISOString());
  }
  return { id, user: toUser(found.user), csrfToken: found.session.csrf_token, expiresAt: found.session.expires_at };
}

export async function endSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await deleteSession(db, sessionId);
}
