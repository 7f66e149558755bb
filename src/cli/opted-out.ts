import { existsSync } from 'node:fs';
import { optedOutWhen } from '../bulk-file/opted-out.js';
import { CafeError } from '../errors/index.js';
// The store's own modules, not its index: see withExistingStore.
import { IN_MEMORY, resolveDatabasePath } from '../store/database-url.js';
import type { Store } from '../store/open-store.js';
import type { CliContext } from './context.js';

/*
 * `send` and `bulk` call the gateway directly, past the outbox whose claim skips customers who
 * opted out, so they read the same contacts store (DATABASE_URL) themselves before sending.
 */

/**
 * Runs `work` on the contacts store if its file exists. Without one nobody can have opted out, and
 * opening it would create an empty database in whatever folder the command runs from. The store's
 * modules are loaded only then, as they cost a bulk run memory and time (docs/benchmarks.md,
 * "What a command does not load").
 */
async function withExistingStore<T>(context: CliContext, absent: T, work: (store: Store, queries: StoreModule) => Promise<T>): Promise<T> {
  const file = resolveDatabasePath(context.config().databaseUrl);
  if (file === IN_MEMORY || !existsSync(file)) return absent;
  const [{ withStore }, queries] = await Promise.all([import('./store-context.js'), import('../store/consent.js')]);
  return withStore(context, (store) => work(store, queries));
}

type StoreModule = typeof import('../store/consent.js');

/** Throws CafeError conflict, naming the number and when, if its customer opted out. */
export async function refuseIfOptedOut(context: CliContext, phone: string): Promise<void> {
  const consent = await withExistingStore(context, undefined, (store, { findConsentByPhone }) => findConsentByPhone(store.db, phone));
  if (consent === undefined || consent.optedOutAt === null) return;
  const why = consent.reason === null ? '' : ` ("${consent.reason}")`;
  throw new CafeError(
    'conflict',
    `${phone} opted out on ${await optedOutWhen(consent.optedOutAt)}${why}; cafe-sms never messages a customer who opted out, ` +
      'so nothing was sent. Only the customer can undo that: ' +
      `by replying START, or by asking you (then \`npx cafe-sms contacts optin ${phone}\`).`,
    { input: phone, details: { optedOut: true, optedOutAt: consent.optedOutAt } },
  );
}

/**
 * Every number whose customer opted out, with since when: one query for a whole bulk file. Its
 * memory grows with the opted-out customers, not with the file (docs/benchmarks.md, "What a
 * command does not load").
 */
export async function readOptedOutNumbers(context: CliContext): Promise<ReadonlyMap<string, string>> {
  return withExistingStore(context, new Map<string, string>(), (store, { optedOutNumbers }) => optedOutNumbers(store.db));
}
