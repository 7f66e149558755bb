import { createTempDir, type TempDir } from '../../../test/support/index.js';
import { openStore, type Store } from '../index.js';
import { createTestDatabase } from './test-database.js';

export interface TempStore extends Store {
  readonly dir: TempDir;
  /** What openStore takes to open this database again (a second connection). */
  readonly url: string;
  /** Closes the store and deletes its folder (and its PostgreSQL schema). */
  dispose(): Promise<void>;
}

/** A fresh, migrated database of the run's dialect (see test-database.ts), with a temp folder: one per test. */
export async function openTempStore(): Promise<TempStore> {
  const dir = await createTempDir('cafe-sms-store-');
  const database = await createTestDatabase(dir.file('cafe-sms.db'));
  const store = await openStore(database.url);
  return {
    ...store,
    dir,
    url: database.url,
    dispose: async () => {
      await store.close();
      await database.drop();
      await dir.remove();
    },
  };
}
