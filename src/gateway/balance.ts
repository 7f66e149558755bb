import type { CafeError, ErrorCode } from '../errors/index.js';

/**
 * What the gateway says is left on the prepaid account (`GET balance`, an Ultimate SMS call the
 * cafe's document does not list):
 * - units: SMS units left, read from the platform's formatted text ("1,234", "Rs 1,234.50",
 *   "1234 SMS"); `text` is that text as the gateway wrote it;
 * - unlimited: the account has no limit ("Unlimited");
 * - unknown: this host does not say (no such call, an error envelope, an answer of another shape);
 *   `reason` says what it answered, in words for staff.
 */
export type AccountBalance =
  { kind: 'units'; units: number; text: string } | { kind: 'unlimited'; text: string } | { kind: 'unknown'; reason: string };

/** Longest gateway text kept in an answer: enough for "Rs 1,234,567.50 SMS", not a page. */
const TEXT_LIMIT = 60;

/** A number as people write it: an optional minus, digits with thousands commas, optional decimals. */
const NUMBER = /-?\d[\d,]*(?:\.\d+)?/g;

/**
 * Failures that mean "this host does not answer the balance": the call is missing (404, "not
 * found") or the platform refused or did not understand it. Everything else (a bad token, no
 * connection, a 5xx, HTML) is a failed call and is thrown like every other read.
 */
const NOT_ANSWERED: ReadonlySet<ErrorCode> = new Set(['not_found', 'refused', 'validation', 'insufficient_balance']);

const unknown = (reason: string): AccountBalance => ({ kind: 'unknown', reason });

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > TEXT_LIMIT ? `${flat.slice(0, TEXT_LIMIT - 1)}…` : flat;
}

/** The units in a formatted text, or undefined when it holds no number or more than one. */
export function parseBalanceText(text: string): AccountBalance {
  const shown = clip(text);
  if (/^unlimited$/i.test(shown)) return { kind: 'unlimited', text: shown };
  const numbers = shown.match(NUMBER) ?? [];
  const [only] = numbers;
  if (numbers.length !== 1 || only === undefined) {
    return unknown(`the gateway's balance "${shown}" is not a number of SMS units`);
  }
  const units = Number(only.replace(/,/g, ''));
  if (!Number.isFinite(units)) return unknown(`the gateway's balance "${shown}" is not a number of SMS units`);
  return { kind: 'units', units, text: shown };
}

/** The `data` of a successful `GET balance`: `{ remaining_balance: "1,234" | "Unlimited" }`. */
export function balanceFromData(data: unknown): AccountBalance {
  const value = data !== null && typeof data === 'object' ? (data as Record<string, unknown>).remaining_balance : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return { kind: 'units', units: value, text: String(value) };
  if (typeof value === 'string' && value.trim() !== '') return parseBalanceText(value);
  return unknown('the gateway answered its balance call without a remaining_balance');
}

/** A failed `GET balance` that only says the host has no such call; undefined for a real failure. */
export function balanceFromError(error: CafeError): AccountBalance | undefined {
  if (!NOT_ANSWERED.has(error.code)) return undefined;
  const http = error.httpStatus === undefined || error.httpStatus === 200 ? '' : ` (HTTP ${error.httpStatus})`;
  const said = error.gatewayMessage === undefined ? 'no balance call' : `"${clip(error.gatewayMessage)}"`;
  return unknown(`the gateway answered ${said}${http} when asked for its balance`);
}
