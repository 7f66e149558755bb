import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startSimulator, type Simulator, type TunableOptions } from '../../src/simulator/index.js';
import { assertCliBuilt } from './run-cli.js';
import { createTempDir, type TempDir } from './temp-dir.js';

/** A simulator for a test file, and a fresh folder for each test: what every spawned-CLI test needs. */
export interface CliWithSimulator {
  readonly sim: Simulator;
  readonly dir: TempDir;
}

export interface CliWithSimulatorOptions {
  token: string;
  /** Prefix of each test's temp folder, e.g. 'cafe-cli-bulk-'. */
  dirPrefix: string;
  /** Simulator options every test starts from (after a reset). */
  eachTest?: TunableOptions;
}

/**
 * Registers the file's hooks: the simulator starts once (after checking the CLI is built) and is
 * reset before each test, which gets its own folder, removed after it.
 */
export function useCliWithSimulator(options: CliWithSimulatorOptions): CliWithSimulator {
  let sim: Simulator | undefined;
  let dir: TempDir | undefined;
  beforeAll(async () => {
    assertCliBuilt();
    sim = await startSimulator({ token: options.token });
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(async () => {
    sim?.reset();
    if (options.eachTest !== undefined) sim?.setOptions(options.eachTest);
    dir = await createTempDir(options.dirPrefix);
  });
  afterEach(async () => {
    await dir?.remove();
  });
  return {
    get sim() {
      if (sim === undefined) throw new Error('the simulator starts in beforeAll: use it inside a test');
      return sim;
    },
    get dir() {
      if (dir === undefined) throw new Error('the folder is made in beforeEach: use it inside a test');
      return dir;
    },
  };
}
