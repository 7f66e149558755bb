import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { assertCliBuilt, cliEnvironment, REPO_ROOT } from '../support/index.js';
import { blockScript, readmeBlocks } from './readme-blocks.js';

// Runs every ```sh block of README.md, line by line as a person would paste it, in a new folder
// with a new database and the simulator for a gateway: a README command that fails fails this test.

const TOKEN = 'readme-test-token-5d21';
const blocks = readmeBlocks(readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8'));

/** The files the tour reads, as a cafe would have them. */
const FILES: Record<string, string> = {
  'messages.csv':
    'phone,message\n0300-1234567,Your order is ready\n0300 1234568,Table 4: your chai is on its way\n' +
    '+92 300 1234569,شکریہ! آپ کا آرڈر تیار ہے\n',
  'customers.csv': 'phone,name,favourite drink\n0300-1234567,Ayesha Khan,chai\n0300-1234570,Bilal,coffee\n03001234571,,lassi\n',
};

let sim: Simulator;
/** Inside the checkout (a git-ignored .scratch folder), so that `npx cafe-sms` finds this checkout's CLI. */
let scratch: string;

beforeAll(async () => {
  assertCliBuilt();
  sim = await startSimulator({ token: TOKEN });
  scratch = await mkdtemp(path.join(REPO_ROOT, '.scratch-readme-'));
  for (const [name, content] of Object.entries(FILES)) await writeFile(path.join(scratch, name), content);
});
afterAll(async () => {
  await sim?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

interface ShellResult {
  code: number | null;
  output: string;
}

function runBash(script: string, timeoutMs: number): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], {
      cwd: scratch,
      env: cliEnvironment({
        DATABASE_URL: path.join(scratch, 'cafe.db'),
        SMSAPP_API_URL: sim.url,
        SMSAPP_API_TOKEN: TOKEN,
        // npx must run this checkout's cafe-sms; offline, it can never fetch a package of that name instead.
        npm_config_offline: 'true',
        npm_config_update_notifier: 'false',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`README block timed out after ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('README.md', () => {
  it('has shell blocks, and writes every cafe-sms command as `npx cafe-sms` (a fresh clone has no cafe-sms on PATH)', () => {
    expect(blocks.length).toBeGreaterThan(3);
    const bare = blocks
      .flatMap((block) => [...block.run, ...block.skipped])
      .filter((command) => /(^|[^\w/-])cafe-sms /.test(command.text.replace(/npx cafe-sms /g, '')));
    expect(bare.map((command) => `line ${command.line}: ${command.text}`)).toEqual([]);
  });

  it("skips only the commands marked as running until stopped, running the test suite itself, or needing the reader's PostgreSQL", () => {
    const skipped = blocks.flatMap((block) => block.skipped);
    expect(skipped.map((command) => command.text.split('#')[0]!.trim())).toEqual([
      'npm install && npm start',
      'npm install && npm test',
      'npx cafe-sms worker',
      'npx cafe-sms serve',
      'npx cafe-sms simulator --port 8787 --token T',
      "export DATABASE_URL='postgres://cafe:secret@db.example.pk:5432/cafes?schema=revenue'",
      'npx cafe-sms db migrate',
      'npx cafe-sms db copy --from ./data/cafe-sms.db --to "$DATABASE_URL"',
      'npx cafe-sms serve --no-worker --host 0.0.0.0',
      'npx cafe-sms worker',
    ]);
  });

  // Blocks run in order in one folder: later ones use what earlier ones made (contacts, campaigns).
  for (const block of blocks.filter((candidate) => candidate.run.length > 0)) {
    const skips = block.skipped.map((command) => `\`${command.text.split('#')[0]!.trim()}\` (${command.reason})`);
    const title =
      `runs the block at line ${block.line}: ${block.run.length} commands` + (skips.length > 0 ? `; not run: ${skips.join(', ')}` : '');
    it(
      title,
      async () => {
        const result = await runBash(blockScript(block), 240_000);
        expect(result.code, result.output).toBe(0);
      },
      300_000,
    );
  }
});
