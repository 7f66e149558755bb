import type { Generated, Selectable } from 'kysely';

/** Times are ISO-8601 UTC text: they sort and compare as strings. */
type Timestamp = string;

export const USER_ROLES = ['admin', 'staff'] as const;
/** admin: everything, settings included; staff: day-to-day messaging. */
export type UserRole = (typeof USER_ROLES)[number];

export interface UsersTable {
  id: Generated<number>;
  /** Unique regardless of case. */
  username: string;
  /** `scrypt$N$r$p$salt$hash` (base64url); never the password. */
  password_hash: string;
  role: UserRole;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the token in the session cookie; the token itself is never stored. */
  id: string;
  user_id: number;
  /** The synchroniser token every state-changing browser request must echo in X-CSRF-Token. */
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  /** The key's first characters, to recognise it in listings. */
  prefix: string;
  /** SHA-256 (hex) of the whole key. */
  key_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** The first answer given to an Idempotency-Key, replayed to any repeat of the same request. */
export interface IdempotencyKeysTable {
  id: Generated<number>;
  key: string;
  /** Whose key: "user:<id>" or "apikey:<id>". */
  scope: string;
  /** SHA-256 of the request (method, path, body) the key was first used with. */
  request_hash: string;
  status_code: number;
  /** The JSON body that was answered. */
  response: string;
  created_at: Timestamp;
}

/** Settings changed from the dashboard; each value is JSON and overrides the configuration. */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: Timestamp;
}

/** Failed sign-ins counted per address or per username, shared by every server (see server/auth/sign-in-limit.ts). */
export interface SignInFailuresTable {
  kind: 'address' | 'username';
  key: string;
  failures: number;
  last_failure_at: Timestamp;
}

/** A username that signed in from an address: not held back there by its own failure count. */
export interface SignInTrustTable {
  username: string;
  address: string;
  signed_in_at: Timestamp;
}

export interface AccessTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  idempotency_keys: IdempotencyKeysTable;
  settings: SettingsTable;
  sign_in_failures: SignInFailuresTable;
  sign_in_trust: SignInTrustTable;
}

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type IdempotencyRow = Selectable<IdempotencyKeysTable>;
