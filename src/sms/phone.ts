import { createRequire } from 'node:module';
import type { CountryCode, PhoneNumber } from 'libphonenumber-js/max';
import { CafeError } from '../errors/index.js';

/**
 * libphonenumber with its full metadata takes tens of milliseconds to load, and a file of common
 * Pakistani mobile numbers never needs it: it is required on first use (Node caches it after that).
 */
const requireModule = createRequire(import.meta.url);
const phoneLibrary = () => requireModule('libphonenumber-js/max') as typeof import('libphonenumber-js/max');

const SEPARATORS = /[\s\-().]/g;
/**
 * What a phone number may be written with: digits (Urdu and Arabic ones too), spaces, - ( ) . and a
 * leading +. libphonenumber finds a number inside any text ("0300 1234567; call after 5"), so text
 * around a number is refused before it is asked.
 */
const PHONE_CHARACTERS = /^\+?[\p{Nd}\s\-().]+$/u;
const MOBILE_TYPES = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

/**
 * The ways staff write a Pakistani mobile number (03001234567, 0300-1234567, 0300 123 4567,
 * +92 300 1234567, 923001234567, 0092-300-1234567, 3001234567), with the national number captured.
 * Only these exact shapes take the fast path; anything else goes to libphonenumber.
 */
const PK_MOBILE_SHAPE = /^(?:(?:\+92|0092|92)[ -]?|0)?(3\d\d)[ -]?(\d{3})[ -]?(\d{4})$/;

/**
 * libphonenumber's own pattern for Pakistani mobile numbers (metadata of libphonenumber-js 1.13).
 * phone.test.ts checks every 3xx prefix in every shape above against the library, so a metadata
 * update that changes the prefixes fails the tests instead of drifting silently.
 */
const PK_MOBILE_PREFIX = /^3(?:[0-247]\d|3[0-79]|55|64)$/;

/**
 * The gateway form of a Pakistani mobile number written in one of the common shapes, or undefined
 * when the input is anything else (which libphonenumber then decides). Parsing with libphonenumber
 * costs about 10 µs a number, most of the time it takes to check a 100,000-row bulk file; this
 * answers the same for these shapes in a fraction of that. Exported for its test.
 */
export function commonPakistaniMobile(input: string, defaultCountry: string): string | undefined {
  if (defaultCountry !== 'PK') return undefined;
  const parts = PK_MOBILE_SHAPE.exec(input);
  if (parts === null) return undefined;
  const prefix = parts[1] ?? '';
  if (!PK_MOBILE_PREFIX.test(prefix)) return undefined;
  return `92${prefix}${parts[2] ?? ''}${parts[3] ?? ''}`;
}

/**
 * Whether libphonenumber knows `code` as a country whose numbers it reads (PK, AE, GB …; not "UK"
 * or "XX"). The library is loaded only for a code other than Pakistan's.
 */
export function isPhoneCountry(code: string): boolean {
  return code === 'PK' || phoneLibrary().isSupportedCountry(code);
}

/** The number if it is valid, read as the cafe's staff write it; undefined otherwise. */
function parseValid(input: string, defaultCountry: string): PhoneNumber | undefined {
  const { parsePhoneNumberFromString } = phoneLibrary();
  const national = parsePhoneNumberFromString(input, defaultCountry as CountryCode);
  if (national?.isValid()) return national;
  // Staff and the gateway itself write international numbers without "+" (923001234567, 31612345678).
  const digits = input.replace(SEPARATORS, '');
  if (/^\d{8,15}$/.test(digits)) {
    const international = parsePhoneNumberFromString(`+${digits}`);
    if (international?.isValid()) return international;
  }
  return undefined;
}

function emptyPhoneError(input: string): CafeError {
  return new CafeError('invalid_input', 'Phone number is empty: give a mobile number such as 0300-1234567', { input });
}

/**
 * normalizePhone decided by libphonenumber alone, without the fast path for common Pakistani
 * mobile numbers. Exported for the test that proves the fast path answers exactly like it.
 */
export function normalizePhoneWithLibrary(input: string, defaultCountry = 'PK'): string {
  const trimmed = input.trim();
  if (trimmed === '') throw emptyPhoneError(input);
  const phone = PHONE_CHARACTERS.test(trimmed) ? parseValid(trimmed, defaultCountry) : undefined;
  if (!phone) {
    throw new CafeError(
      'invalid_input',
      `"${trimmed}" is not a valid phone number: write it as 0300-1234567 or with the country code, +92 300 1234567`,
      { input },
    );
  }
  const type = phone.getType();
  if (type !== undefined && !MOBILE_TYPES.has(type)) {
    throw new CafeError('invalid_input', `"${trimmed}" is not a mobile number (SMS needs a mobile number)`, { input });
  }
  return phone.number.slice(1);
}

/**
 * Turns a number as cafe staff type it (0300-1234567, +92 300 1234567, 3001234567 …) into the
 * gateway's form: country code and digits, no "+" (923001234567). Anything that is not a valid
 * mobile number is refused with an error naming the input.
 */
export function normalizePhone(input: string, defaultCountry = 'PK'): string {
  return commonPakistaniMobile(input.trim(), defaultCountry) ?? normalizePhoneWithLibrary(input, defaultCountry);
}

/** Like normalizePhone but answers null instead of throwing, for bulk validation loops. */
export function tryNormalizePhone(input: string, defaultCountry = 'PK'): string | null {
  try {
    return normalizePhone(input, defaultCountry);
  } catch {
    return null;
  }
}
