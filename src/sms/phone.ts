import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import { CafeError } from '../errors/index.js';

const SEPARATORS = /[\s\-().]/g;
const MOBILE_TYPES = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

/** The number if it is valid, read as the cafe's staff write it; undefined otherwise. */
function parseValid(input: string, defaultCountry: string): PhoneNumber | undefined {
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

/**
 * Turns a number as cafe staff type it (0300-1234567, +92 300 1234567, 3001234567 …) into the
 * gateway's form: country code and digits, no "+" (923001234567). Anything that is not a valid
 * mobile number is refused with an error naming the input.
 */
export function normalizePhone(input: string, defaultCountry = 'PK'): string {
  const trimmed = input.trim();
  if (trimmed === '') {
    throw new CafeError('invalid_input', 'Phone number is empty: give a mobile number such as 0300-1234567', {
      input,
    });
  }
  const phone = parseValid(trimmed, defaultCountry);
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

/** Like normalizePhone but answers null instead of throwing, for bulk validation loops. */
export function tryNormalizePhone(input: string, defaultCountry = 'PK'): string | null {
  try {
    return normalizePhone(input, defaultCountry);
  } catch {
    return null;
  }
}
