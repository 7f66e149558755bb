#!/usr/bin/env node
// Builds the CLI and server (src/ → dist/) and the dashboard (web/ → web/dist/).
//
// `npm install` builds through the prepare script, and `npm test` must test what is built from the
// current sources. With --if-stale (what `npm test` runs) a part is built only when one of the files
// it is built from changed since its last build, so `npm install && npm test` builds once, and a test
// run after an edit still tests the edit.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const ifStale = process.argv.includes('--if-stale');

/** Files every part depends on: a changed dependency or compiler setting means a rebuild. */
const SHARED_INPUTS = ['package.json', 'package-lock.json', 'tsconfig.json'];

const parts = [
  {
    name: 'the CLI and server (dist/)',
    stamp: 'dist/.build-stamp',
    inputs: ['src', 'tsconfig.build.json', ...SHARED_INPUTS],
    skip: [],
    args: [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  },
  {
    // The dashboard imports shared code from src/ (SMS segments, phone numbers).
    name: 'the dashboard (web/dist/)',
    stamp: 'web/dist/.build-stamp',
    inputs: ['web', 'src', ...SHARED_INPUTS],
    skip: ['web/dist'],
    args: [path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js'), 'build', 'web'],
  },
];

/** The newest modification time (ms) among the files under `entry`, leaving out `skip`. */
function newestChange(entry, skip) {
  const full = path.join(root, entry);
  if (skip.includes(entry) || !existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(full)) {
    if (child === 'node_modules') continue;
    newest = Math.max(newest, newestChange(path.join(entry, child), skip));
  }
  return newest;
}

function isStale(part) {
  const stamp = path.join(root, part.stamp);
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return part.inputs.some((input) => newestChange(input, part.skip) > built);
}

for (const part of parts) {
  if (ifStale && !isStale(part)) {
    console.log(`Up to date: ${part.name}`);
    continue;
  }
  // The stamp carries the time the build started, so a file edited while it ran is built next time.
  const started = new Date();
  console.log(`Building ${part.name}`);
  const run = spawnSync(process.execPath, part.args, { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
  const stamp = path.join(root, part.stamp);
  writeFileSync(stamp, 'Written by scripts/build.mjs after a successful build; `npm test` rebuilds when a source is newer.\n');
  utimesSync(stamp, started, started);
}
