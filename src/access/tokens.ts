import { createHash, randomBytes } from 'node:crypto';

/** A random, URL-safe token of `bytes` random bytes. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Session tokens and API keys carry 256 random bits, so a plain SHA-256 is enough to store them:
 * unlike passwords they cannot be guessed, only stolen, and the digest cannot be replayed.
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
