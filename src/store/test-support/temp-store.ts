import { createTempDir, type TempDir } from '../../../test/support/index.js';
import { openStore, type Store } from '../index.js';

export interface TempStore extends Store {
  readonly dir: TempDir;
  /** Closes the store and deletes its folder. */
  dispose(): Promise<void>;
}

/** A real SQLite file in a fresh temp folder, migrated: one per test. */
export async function openTempStore(): Promise<TempStore> {
  const dir = await createTempDir('cafe-sms-store-');
  const store = await openStore(dir.file('cafe-sms.db'));
  return {
    ...store,
    dir,
    dispose: async () => {
      await store.close();
      await dir.remove();
    },
  };
}
