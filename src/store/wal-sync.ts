import { open, type FileHandle } from 'node:fs/promises';
import { CafeError } from '../errors/index.js';

/**
 * Makes SQLite commits durable off the event loop.
 *
 * With `synchronous = FULL`, SQLite fsyncs the write-ahead log inside every COMMIT, and better-sqlite3
 * runs COMMIT on the event loop: under 1,000 `POST /api/messages` a second, `serve` spent 4.2 s of
 * 9 s on its thread waiting in those fsyncs (a CPU profile, 2026-12-04), and every request behind
 * one waited with it. The store now runs with `synchronous = NORMAL`, where a commit only writes the
 * log, and whoever committed awaits `afterCommit()`: an fdatasync of the same log file on libuv's
 * thread pool. On disk that is what FULL does (the log's frames, synced, before anyone acts on the
 * commit); the thread is free meanwhile, and commits that land while one sync runs share the next.
 *
 * The log file stays the same file while the store is open: SQLite deletes it only when the last
 * connection closes, and our own connection is one.
 */
export interface WalSync {
  /**
   * Resolves once everything written to the log before the call is on disk: after a sync that
   * started after the call. Rejects (CafeError internal) when a sync fails, and every call after that
   * rejects too: the operating system may have dropped the pages it could not write, so no later
   * sync could vouch for them.
   */
  afterCommit(): Promise<void>;
  /** Syncs done so far (each may vouch for many commits). */
  syncs(): number;
  /** Waits for the sync in flight, then closes the log file. */
  close(): Promise<void>;
}

export interface WalSyncOptions {
  /** The fdatasync itself; tests slow it down or fail it. Default: the file handle's own. */
  datasync?: (handle: FileHandle) => Promise<void>;
}

/** No log to sync: an in-memory database keeps nothing across a crash anyway. */
export const NO_WAL_SYNC: WalSync = {
  afterCommit: () => Promise.resolve(),
  syncs: () => 0,
  close: () => Promise.resolve(),
};

export function createWalSync(walPath: string, options: WalSyncOptions = {}): WalSync {
  const datasync = options.datasync ?? ((handle: FileHandle) => handle.datasync());
  let handle: Promise<FileHandle> | undefined;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let failure: CafeError | undefined;
  let syncs = 0;

  async function syncOnce(): Promise<void> {
    if (failure !== undefined) throw failure;
    try {
      // Opened at the first commit's sync, when the log certainly exists.
      handle ??= open(walPath, 'r');
      await datasync(await handle);
      syncs += 1;
    } catch (error) {
      failure = new CafeError(
        'internal',
        `Could not write the database's log to disk (${walPath}): ${error instanceof Error ? error.message : String(error)}. ` +
          'Changes since the last good write may be lost if the machine loses power; check the disk, then restart cafe-sms.',
        { input: walPath, cause: error },
      );
      throw failure;
    }
  }

  function start(): Promise<void> {
    const sync = syncOnce().finally(() => {
      running = undefined;
    });
    running = sync;
    return sync;
  }

  return {
    afterCommit() {
      if (running === undefined) return start();
      // The sync in flight may have started before this commit wrote its frames: wait for the next,
      // which every commit arriving meanwhile shares.
      queued ??= running
        .catch(() => undefined)
        .then(() => {
          queued = undefined;
          return start();
        });
      return queued;
    },
    syncs: () => syncs,
    async close() {
      await Promise.allSettled([running, queued]);
      const opened = handle;
      handle = undefined;
      if (opened !== undefined) await (await opened.catch(() => undefined))?.close();
    },
  };
}
