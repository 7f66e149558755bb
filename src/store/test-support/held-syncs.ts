import type { FileHandle } from 'node:fs/promises';

/**
 * A `datasync` for createWalSync / openStore's `walSync` whose syncs wait to be let through (or
 * failed), one at a time in the order they began.
 */
export function heldSyncs() {
  const waiting: { handle: FileHandle; resolve: () => void; reject: (error: Error) => void }[] = [];
  let began = 0;
  return {
    datasync: (handle: FileHandle) =>
      new Promise<void>((resolve, reject) => {
        began += 1;
        waiting.push({ handle, resolve, reject });
      }),
    /** Syncs begun so far, let through or not. */
    began: () => began,
    /** Syncs waiting now. */
    held: () => waiting.length,
    /** Lets the oldest waiting sync do its real fdatasync and finish. */
    async release() {
      const next = waiting.shift();
      await next?.handle.datasync();
      next?.resolve();
    },
    /** Fails the oldest waiting sync as a disk error would. */
    fail: () => waiting.shift()?.reject(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })),
  };
}

/** Whether `promise` settles within a few turns of the event loop (false: it is still waiting). */
export async function settlesSoon(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
  return settled;
}
