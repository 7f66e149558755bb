/**
 * What a command loads, named from dist/bundle-sources.json (written by scripts/build.mjs): the
 * start-up budget (bench/cli-startup.ts, docs/stack.md "Start-up") holds only while each command
 * loads what it uses. An import that drags a library onto a command's path fails here, by name,
 * rather than as a few milliseconds in a benchmark.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, createTempDir, REPO_ROOT, runCli, type TempDir } from '../../test/support/index.js';

const RECORD_LOADS = fileURLToPath(new URL('./test-support/record-loads.mjs', import.meta.url));
const CLASSIC_ZOD = 'node_modules/zod/v4/classic/';

let dir: TempDir;
let env: Record<string, string>;
beforeAll(async () => {
  assertCliBuilt();
  dir = await createTempDir('cafe-start-up-');
  env = { DATABASE_URL: dir.file('cafe.db'), QUIET_HOURS: 'off', LOG_LEVEL: 'warn' };
  const created = await runCli(['campaign', 'create', '--name', 'Chai', '--message', 'Chai is ready', '--json'], { cwd: dir.path, env });
  expect(created.code, created.stderr).toBe(0);
});
afterAll(async () => {
  await dir.remove();
});

/** Every source file (ours and packages') bundled into what the command loaded. */
async function sourcesLoadedBy(args: string[]): Promise<string[]> {
  const loads = dir.file(`loads-${args.join('-').replace(/\W+/g, '_')}.txt`);
  const result = await runCli(args, { cwd: dir.path, env: { ...env, CAFE_TEST_LOADS_FILE: loads }, nodeArgs: ['--import', RECORD_LOADS] });
  expect(result.code, result.stderr).toBe(0);
  const bundle = JSON.parse(readFileSync(path.join(REPO_ROOT, 'dist', 'bundle-sources.json'), 'utf8')) as Record<string, string[]>;
  const loaded = readFileSync(loads, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => path.relative(REPO_ROOT, fileURLToPath(url)));
  expect(loaded).toContain('dist/cli/main.js');
  return loaded.flatMap((file) => bundle[file] ?? [file]);
}

/** The packages among the sources ('kysely', '@fastify/static'). */
function packagesOf(sources: string[]): Set<string> {
  const names = sources.filter((s) => s.includes('node_modules/')).map((s) => s.replace(/^.*node_modules\/((?:@[^/]+\/)?[^/]+).*$/, '$1'));
  return new Set(names);
}

describe('what a command loads at start-up', () => {
  it('--help and send --help load commander and the commands’ declarations, nothing else', async () => {
    for (const args of [['--help'], ['send', '--help']]) {
      const sources = await sourcesLoadedBy(args);
      expect([...packagesOf(sources)]).toEqual(['commander']);
      // Of the store, only the list of user roles that `user add --help` names; no SQL, no kysely.
      expect(sources.filter((s) => s.startsWith('src/store/') && s !== 'src/store/access-tables.ts')).toEqual([]);
    }
  });

  it('contacts list loads the store, and neither classic zod, the server nor the gateway client', async () => {
    const sources = await sourcesLoadedBy(['contacts', 'list']);
    const packages = packagesOf(sources);
    // What it needs is seen, so the absences below are not an empty record.
    expect(packages).toContain('kysely');
    expect(packages).toContain('zod');
    expect(sources.filter((s) => s.includes(CLASSIC_ZOD))).toEqual([]);
    for (const unused of ['fastify', 'undici', 'pg', 'csv-parse']) expect(packages).not.toContain(unused);
    expect(sources.filter((s) => s.startsWith('src/server/') || s.startsWith('src/gateway/'))).toEqual([]);
  });

  it('campaign status reads the stored settings without classic zod', async () => {
    const sources = await sourcesLoadedBy(['campaign', 'status', '1']);
    expect(sources).toContain('src/settings/read-settings.ts');
    expect(sources.filter((s) => s.includes(CLASSIC_ZOD))).toEqual([]);
    expect(packagesOf(sources)).not.toContain('fastify');
  });
});
