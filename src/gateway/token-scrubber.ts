import type { Secret } from '../config/index.js';
import type { Envelope } from './envelope.js';

const REDACTED = '[redacted]';

/**
 * Tokens at least this long are scrubbed out of everything the gateway answers, in every form
 * below. The platform's tokens are Sanctum's "id|40 random characters"; twelve random characters
 * already make a chance occurrence in a message text unthinkable. A shorter token is a sandbox or
 * test value ("test", "t", "sandbox"), no secret, and one that ordinary texts contain: scrubbing
 * it from records would rewrite our own message texts, and reconciliation (outbox/match-records)
 * pairs lost sends with the gateway's records by exact text. Such a token is still taken out of
 * error texts, as it is written.
 */
export const MIN_SCRUBBED_TOKEN_LENGTH = 12;

export interface TokenScrubber {
  /** A text nothing is matched against: an error message, a body that could not be read. */
  text(text: string): string;
  /** The envelope with the token out of every string (keys included) of its data, message and raw. */
  envelope(envelope: Envelope): Envelope;
  /**
   * True when a text we are about to send carries the token. Such a message must not go out: its
   * record would come back scrubbed, and so could not be reconciled by its text.
   */
  carriesToken(text: string): boolean;
}

function base64Forms(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  return [bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url')];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The forms in which a gateway or a proxy in front of it could hand the token back: as it is
 * (in any case: the pattern ignores case), URL-encoded, and base64 (plain or URL-safe) of the
 * token and of the whole header value "Bearer <token>", whose base64 does not contain the
 * token's own. Base64 is matched without its padding, and takes the padding along when present.
 */
function tokenPatternSource(token: string): string {
  const plain = [token, encodeURIComponent(token)];
  const encoded = [...base64Forms(token), ...base64Forms(`Bearer ${token}`)];
  const sources = [
    ...plain.map((form) => ({ length: form.length, source: escapeRegExp(form) })),
    ...encoded.map((form) => ({ length: form.length, source: `${escapeRegExp(form)}={0,2}` })),
  ];
  // Longest first, so that no form is cut short by another it contains.
  sources.sort((a, b) => b.length - a.length);
  return [...new Set(sources.map(({ source }) => source))].join('|');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A copy of a parsed JSON value with `scrub` applied to every string, object keys included. */
function scrubJson(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((item) => scrubJson(item, scrub));
  if (!isPlainObject(value)) return value;
  // fromEntries defines "__proto__" as a plain key, as JSON.parse does; it never sets a prototype.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [scrub(key), scrubJson(item, scrub)]));
}

/** True when any string of a parsed JSON value (keys included) passes `found`; nothing is copied. */
function someString(value: unknown, found: (text: string) => boolean): boolean {
  if (typeof value === 'string') return found(value);
  if (Array.isArray(value)) return value.some((item) => someString(item, found));
  if (!isPlainObject(value)) return false;
  for (const key in value) {
    if (found(key) || someString(value[key], found)) return true;
  }
  return false;
}

const unchanged = (text: string): string => text;

/**
 * Made once per client. The patterns hold the token, so it lives only in this closure: no
 * property of anything the client hands out can print it.
 */
export function createTokenScrubber(token: Secret): TokenScrubber {
  const value = token.reveal();
  if (value.length >= MIN_SCRUBBED_TOKEN_LENGTH) {
    const source = tokenPatternSource(value);
    const everywhere = new RegExp(source, 'gi');
    const anywhere = new RegExp(source, 'i');
    const scrub = (text: string): string => text.replace(everywhere, REDACTED);
    const carriesToken = (text: string): boolean => anywhere.test(text);
    return {
      text: scrub,
      envelope: (envelope) => {
        // A bulk answer carries 50 records: copied only when the token is really in one.
        if (!someString(envelope.raw, carriesToken)) return envelope;
        const raw = scrubJson(envelope.raw, scrub) as Record<string, unknown>;
        const message = envelope.message === undefined ? undefined : scrub(envelope.message);
        return { status: envelope.status, message, data: raw.data, raw };
      },
      carriesToken,
    };
  }
  const exactly = value === '' ? unchanged : (text: string) => (text.includes(value) ? text.split(value).join(REDACTED) : text);
  return { text: exactly, envelope: (envelope) => envelope, carriesToken: () => false };
}
