import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../../test/outbox-crash/support/index.js';
import { createLogger } from '../log/index.js';
import { openStore, type Store } from './open-store.js';
import { createTestDatabase, onServer, TEST_DIALECT, type TestDatabase } from './test-support/test-database.js';

const LOST = 'a PostgreSQL connection was lost';

let store: Store | undefined;
let database: TestDatabase | undefined;
afterEach(async () => {
  await store?.close();
  await database?.drop();
  store = database = undefined;
});

async function openLoggedStore(): Promise<{ store: Store; logged: () => string }> {
  database = await createTestDatabase('unused.db', 'postgres');
  const lines: string[] = [];
  const destination = new PassThrough();
  destination.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
  store = await openStore(database.url, { logger: createLogger({ destination }) });
  return { store, logged: () => lines.join('') };
}

describe('a PostgreSQL connection cut while it is checked out', () => {
  // Before each connection had its own 'error' listener, the cut ended the whole process (an
  // unhandled 'error' event): a worker holding a transaction open died with it (CI, 2026-12-04).
  // And the failed rollback then threw a TypeError instead of dropping the connection.
  it.runIf(TEST_DIALECT === 'postgres')('fails its transaction, not the process, and the pool serves the next statement', async () => {
    const { store, logged } = await openLoggedStore();
    const transaction = store.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
      await onServer(`select pg_terminate_backend(${rows[0]!.pid})`);
      // The connection is idle inside the transaction when the server's notice arrives.
      await waitUntil('the cut was noticed', () => logged().includes(LOST), 5000);
      await sql`select 1`.execute(trx);
    });
    // A store error, not a crash, nor a TypeError from kysely's rollback on our connection wrapper.
    await expect(transaction).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/connection error|terminat/) });
    expect(logged()).toContain(LOST);
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(store.db);
    expect(rows).toEqual([{ one: 1 }]);
  });
});
