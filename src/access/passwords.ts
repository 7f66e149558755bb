import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { CafeError } from '../errors/index.js';

/** scrypt cost: ~80 ms per hash on a laptop core, enough to make guessing a stolen hash slow. */
const DEFAULT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** 128·N·r bytes are needed; Node's default cap (32 MiB) is just too small for N = 2^15. */
const MAX_MEMORY = 96 * 1024 * 1024;

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Refuses passwords too short to be worth hashing, naming the rule. */
export function checkPasswordRules(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new CafeError('invalid_input', `A password must be at least ${PASSWORD_MIN_LENGTH} characters long`, {
      field: 'password',
    });
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw new CafeError('invalid_input', `A password must be at most ${PASSWORD_MAX_LENGTH} characters long`, {
      field: 'password',
    });
  }
}

/** `scrypt$N$r$p$salt$hash`: the parameters travel with the hash so the cost can rise later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, DEFAULT_COST);
  const { N, r, p } = DEFAULT_COST;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface ParsedHash {
  options: { N: number; r: number; p: number };
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | undefined {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined || rest.length > 0) return undefined;
  const options = { N: Number(n), r: Number(r), p: Number(p) };
  if (!Object.values(options).every((value) => Number.isSafeInteger(value) && value > 0)) return undefined;
  return { options, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

/** Constant-time comparison; an unreadable stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (parsed === undefined || parsed.key.length !== KEY_LENGTH) return false;
  const key = await scrypt(password, parsed.salt, parsed.options);
  return timingSafeEqual(key, parsed.key);
}

/**
 * The hash of a password no one knows (it was thrown away), checked when the username is unknown so
 * that "no such user" takes as long as "wrong password" and timing does not reveal who exists.
 */
export const UNKNOWN_USER_HASH = 'scrypt$32768$8$1$N9H1_leE4NvM8O0gIB7cpw$gT3Z-JgPzNXLrWyjEX1nS4UhsVFehrczFO7vjdMhy84';

/** 144 random bits, written in 24 URL-safe characters: strong and still typeable. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
