import { writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../../test/outbox-crash/support/index.js';
import { createTempDir, type TempDir } from '../../test/support/index.js';
import { CafeError } from '../errors/index.js';
import { heldSyncs, settlesSoon } from './test-support/held-syncs.js';
import { createWalSync } from './wal-sync.js';

let dir: TempDir;
let wal: string;
beforeEach(async () => {
  dir = await createTempDir('cafe-sms-wal-sync-');
  wal = dir.file('cafe-sms.db-wal');
  await writeFile(wal, 'frames');
});
afterEach(async () => {
  await dir.remove();
});

/** A WAL sync whose syncs are held, with one commit waiting for the first of them, which has begun. */
async function heldFirstSync() {
  const gate = heldSyncs();
  const sync = createWalSync(wal, { datasync: gate.datasync });
  const first = sync.afterCommit();
  await waitUntil('the first sync began', () => gate.began() === 1, 5000);
  return { gate, sync, first };
}

describe('createWalSync', () => {
  it('syncs the log file for real', async () => {
    const sync = createWalSync(wal);
    await sync.afterCommit();
    await sync.afterCommit();
    expect(sync.syncs()).toBe(2);
    await sync.close();
  });

  it('makes a commit that lands during a sync wait for the next one, which the commits after it share', async () => {
    const { gate, sync, first } = await heldFirstSync();
    // These wrote their frames after the first sync began: it cannot vouch for them.
    const second = sync.afterCommit();
    const third = sync.afterCommit();
    await gate.release();
    await first;
    await waitUntil('the second sync began', () => gate.began() === 2, 5000);
    expect(await settlesSoon(second)).toBe(false);
    await gate.release();
    await Promise.all([second, third]);
    expect(sync.syncs()).toBe(2);
    await sync.close();
  });

  it('fails the commits of a sync that fails, and every commit after it, naming the log and what to do', async () => {
    const { gate, sync, first } = await heldFirstSync();
    gate.fail();
    const failed = await first.catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(CafeError);
    expect(failed).toMatchObject({ code: 'internal', input: wal });
    expect((failed as CafeError).message).toMatch(
      /Could not write the database's log to disk .*EIO.*check the disk, then restart cafe-sms/,
    );
    // The pages the disk refused may be gone from memory too: no later sync may say otherwise.
    await expect(sync.afterCommit()).rejects.toBe(failed);
    expect(gate.began()).toBe(1);
    await sync.close();
  });

  it('fails with the reason when the log file cannot be opened', async () => {
    const sync = createWalSync(dir.file('missing.db-wal'));
    await expect(sync.afterCommit()).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/ENOENT/) });
    await sync.close();
  });

  it('closes after the sync in flight, and can be closed before any commit', async () => {
    const { gate, sync, first } = await heldFirstSync();
    const closed = sync.close();
    expect(await settlesSoon(closed)).toBe(false);
    await gate.release();
    await Promise.all([first, closed]);
    await createWalSync(wal).close();
  });
});
