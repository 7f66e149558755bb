// The store's own module, not its index, which would load every query of the store.
import { openStore, type Store } from '../store/open-store.js';
import type { CliContext } from './context.js';

/**
 * Opens the database behind DATABASE_URL for one command and always closes it, whether the work
 * succeeds or throws, so the process can exit and the WAL is checkpointed.
 */
export async function withStore<T>(context: CliContext, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(context.config().databaseUrl, { logger: context.logger() });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
