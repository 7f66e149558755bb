/**
 * How a number is written for cafe staff, on every screen. Its own file with no Node APIs (phone.ts
 * loads libphonenumber through createRequire), so the dashboard can import the same rule.
 */

/** A Pakistani mobile number in the store's form: 92, then 10 digits starting with 3. */
const PAKISTANI_MOBILE = /^92(3\d{2})(\d{7})$/;

/**
 * A stored number as cafe staff write it: 923001234567 → 0300-1234567. Numbers of other countries
 * keep their international form (+971501234567), which is what staff would dial.
 */
export function phoneForStaff(normalised: string): string {
  const match = PAKISTANI_MOBILE.exec(normalised);
  return match ? `0${match[1]}-${match[2]}` : `+${normalised}`;
}
