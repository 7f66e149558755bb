import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TempDir {
  readonly path: string;
  /** A path inside the folder. */
  file(name: string): string;
  remove(): Promise<void>;
}

/** An empty folder under the OS temp dir: a clean cwd for the CLI (no stray .env) and room for files. */
export async function createTempDir(prefix = 'cafe-sms-test-'): Promise<TempDir> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return {
    path: dir,
    file: (name) => path.join(dir, name),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
