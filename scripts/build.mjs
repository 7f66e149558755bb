#!/usr/bin/env node
// Builds the CLI and server (src/ → dist/) and the dashboard (web/ → web/dist/).
//
// `npm install` builds through the prepare script, and `npm test` must test what is built from the
// current sources. With --if-stale (what `npm test` runs) a part is built only when one of the files
// it is built from changed since its last build, so `npm install && npm test` builds once, and a test
// run after an edit still tests the edit.
//
// The dashboard's text files are then precompressed (name.br, name.gz beside each), which the
// server sends to browsers that accept them (src/server/static-files.ts, `preCompressed`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const ifStale = process.argv.includes('--if-stale');

/** Files every part depends on: a changed dependency or compiler setting means a rebuild. */
const SHARED_INPUTS = ['package.json', 'package-lock.json', 'tsconfig.json'];

const parts = [
  {
    name: 'the CLI and server (dist/)',
    stamp: 'dist/.build-stamp',
    inputs: ['src', ...SHARED_INPUTS],
    skip: [],
    run: bundleCli,
  },
  {
    // The dashboard imports shared code from src/ (SMS segments, phone numbers).
    name: 'the dashboard (web/dist/)',
    stamp: 'web/dist/.build-stamp',
    inputs: ['web', 'src', ...SHARED_INPUTS],
    skip: ['web/dist'],
    args: [path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js'), 'build', 'web'],
    after: () => precompress('web/dist'),
  },
];

/**
 * Packages left to Node's loader at run time rather than bundled: native addons (better-sqlite3,
 * pg's optional pg-native), and what is required on first use only (pino-pretty, undici).
 */
const NOT_BUNDLED = ['better-sqlite3', 'pg-native', 'pino-pretty', 'undici'];

/** Written beside the bundle: for each file of dist/, the source files bundled into it. */
const BUNDLE_SOURCES = 'dist/bundle-sources.json';

/**
 * Bundles the CLI with esbuild: Node's loader costs about a
 * millisecond a file, and `cafe-sms contacts list` loaded 467 files, 289 of them kysely's
 * (docs/benchmarks.md, "CLI start-up"). Code splitting keeps each command lazy: a command's code
 * is a chunk loaded only when it runs. Every chunk sits two folders under the checkout
 * (dist/cli, dist/chunks), as the TypeScript sources do, so the paths the code
 * finds from its own file (package.json, web/dist/) are the same from both. Type checking is
 * `npm run typecheck`'s work, not the build's.
 */
async function bundleCli() {
  const { build } = await import('esbuild');
  rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: { 'cli/main': 'src/cli/main.ts' },
    outdir: 'dist',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    minifyWhitespace: true,
    minifySyntax: true,
    external: NOT_BUNDLED,
    // Bundled CommonJS packages call require() for Node's own modules, which an ES module lacks.
    banner: {
      js: "import { createRequire as __cafeCreateRequire } from 'node:module'; const require = __cafeCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
    metafile: true,
  });
  // Which sources each file of dist/ holds: the start-up tests read it to name what a command loaded.
  const sources = Object.fromEntries(Object.entries(metafile.outputs).map(([file, output]) => [file, Object.keys(output.inputs)]));
  writeFileSync(path.join(root, BUNDLE_SOURCES), `${JSON.stringify(sources)}\n`);
}

/** The file types worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.map', '.txt']);
/** Below this a file fits in a packet or two anyway, and the saving is lost in the headers. */
const MIN_COMPRESS_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/**
 * Writes name.br (brotli, quality 11) and name.gz (gzip, level 9) beside every compressible file
 * of 1 KB or more under `dir`, each only when it is smaller than the file. Vite empties web/dist
 * before each build, so no variant outlives its file.
 */
async function precompress(dir) {
  const files = listFiles(path.join(root, dir)).filter(
    (file) => COMPRESSIBLE.has(path.extname(file)) && statSync(file).size >= MIN_COMPRESS_BYTES,
  );
  const sizes = { plain: 0, br: 0, gz: 0 };
  await Promise.all(
    files.map(async (file) => {
      const plain = readFileSync(file);
      const [br, gz] = await Promise.all([
        brotli(plain, {
          params: {
            [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
            [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
            [zlibConstants.BROTLI_PARAM_SIZE_HINT]: plain.length,
          },
        }),
        gzipAsync(plain, { level: zlibConstants.Z_BEST_COMPRESSION }),
      ]);
      sizes.plain += plain.length;
      if (br.length < plain.length) writeFileSync(`${file}.br`, br);
      if (gz.length < plain.length) writeFileSync(`${file}.gz`, gz);
      sizes.br += Math.min(br.length, plain.length);
      sizes.gz += Math.min(gz.length, plain.length);
    }),
  );
  const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
  console.log(`Precompressed ${files.length} files in ${dir}: ${kb(sizes.plain)} → brotli ${kb(sizes.br)}, gzip ${kb(sizes.gz)}`);
}

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
  if (part.run) {
    await part.run();
  } else {
    const run = spawnSync(process.execPath, part.args, { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
  await part.after?.();
  const stamp = path.join(root, part.stamp);
  writeFileSync(stamp, 'Written by scripts/build.mjs after a successful build; `npm test` rebuilds when a source is newer.\n');
  utimesSync(stamp, started, started);
}
