import { Secret } from '../../config/index.js';
import { toCafeError } from '../../errors/index.js';
import { createGatewayClient, type AccountBalance } from '../../gateway/index.js';
import { readSettings } from '../../settings/index.js';
import type { AppDeps } from '../app-deps.js';
import { defineRoute, type Route } from '../route.js';
import { COMMON_ERRORS } from '../schemas.js';
import { balanceViewSchema } from './balance-schemas.js';

/** The dashboard polls every few seconds: the real gateway is asked at most this often. */
export const BALANCE_CACHE_MS = 30_000;
/** A failed call is asked again sooner, so a fixed gateway shows without a long wait. */
export const FAILED_BALANCE_CACHE_MS = 10_000;
/** The dashboard waits for this answer: a gateway that does not answer is given up on quickly. */
const BALANCE_TIMEOUT_MS = 8_000;

interface Checked {
  balance: AccountBalance;
  error: { code: string; message: string } | null;
  checkedAt: Date;
}

/** The gateway of this server: the sandbox's simulator, or the real one with the configured token. */
function gatewayOf(deps: AppDeps): { baseUrl: string; token: Secret } | undefined {
  if (deps.mode === 'sandbox') {
    return deps.sandbox === undefined ? undefined : { baseUrl: deps.sandbox.url, token: new Secret(deps.sandbox.token) };
  }
  return deps.config.apiToken === undefined ? undefined : { baseUrl: deps.config.apiUrl, token: deps.config.apiToken };
}

async function askGateway(deps: AppDeps): Promise<Omit<Checked, 'checkedAt'>> {
  const gateway = gatewayOf(deps);
  if (gateway === undefined) {
    return { balance: { kind: 'unknown', reason: 'this server has no gateway to ask' }, error: null };
  }
  const client = createGatewayClient({
    ...gateway,
    senderId: deps.config.senderId,
    logger: deps.logger,
    timeoutMs: BALANCE_TIMEOUT_MS,
    maxAttempts: 2,
  });
  try {
    return { balance: await client.balance(), error: null };
  } catch (thrown) {
    const error = toCafeError(thrown);
    deps.logger.warn({ code: error.code }, 'could not read the gateway balance');
    return {
      balance: { kind: 'unknown', reason: `the gateway could not be asked: ${error.message}` },
      error: { code: error.code, message: error.message },
    };
  }
}

/**
 * The last answer and when it came, per app. Calls at the same time share one request. The sandbox
 * is not cached: its simulator runs in this process, and the admin changes its balance to try things.
 */
function createBalanceChecker(deps: AppDeps): () => Promise<Checked> {
  let last: { at: number; pending: Promise<Checked>; settled?: Checked } | undefined;
  const fresh = (entry: NonNullable<typeof last>, now: number): boolean =>
    entry.settled === undefined || now - entry.at < (entry.settled.error === null ? BALANCE_CACHE_MS : FAILED_BALANCE_CACHE_MS);
  return async () => {
    const now = deps.now().getTime();
    if (deps.mode === 'live' && last !== undefined && fresh(last, now)) return last.pending;
    const entry: NonNullable<typeof last> = {
      at: now,
      pending: askGateway(deps).then((answer) => {
        const checked = { ...answer, checkedAt: new Date(now) };
        entry.settled = checked;
        return checked;
      }),
    };
    last = entry;
    return entry.pending;
  };
}

/** Rupees to the paisa: 0.1 × 3 must not read 0.30000000000000004. */
const rupees = (amount: number): number => Math.round(amount * 100) / 100;

export function balanceRoutes(deps: AppDeps): Route[] {
  const check = createBalanceChecker(deps);
  return [
    defineRoute({
      method: 'GET',
      url: '/api/balance',
      tag: 'balance',
      access: 'user',
      summary: "The gateway account's SMS units left, their value in rupees, and whether they are below the low-balance warning",
      responses: {
        200: {
          description: 'The balance (unknown, with the reason, when the gateway does not say or cannot be asked)',
          schema: balanceViewSchema,
        },
        401: COMMON_ERRORS[401],
      },
      handler: async () => {
        const [checked, settings] = await Promise.all([check(), readSettings(deps.db, deps.config)]);
        const unitPrice = deps.config.smsUnitPrice;
        const units = checked.balance.kind === 'units' ? checked.balance.units : null;
        const lowThreshold = settings.lowBalanceUnits;
        return {
          balance: checked.balance,
          unitPrice,
          value: units === null || unitPrice === null ? null : rupees(units * unitPrice),
          lowThreshold,
          low: units !== null && lowThreshold !== null && units < lowThreshold,
          checkedAt: checked.checkedAt.toISOString(),
          error: checked.error,
        };
      },
    }),
  ];
}
