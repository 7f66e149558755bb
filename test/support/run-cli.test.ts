import { writeFile } from 'node:fs/promises';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertCliBuilt, cliEnvironment, createTempDir, runCli, startCli, type TempDir } from './index.js';

let dir: TempDir;
beforeAll(() => assertCliBuilt());
beforeEach(async () => {
  dir = await createTempDir();
});
afterEach(async () => {
  await dir.remove();
});

describe('cliEnvironment', () => {
  it("drops the developer's cafe-sms settings and applies the ones given", () => {
    const saved = process.env.SMSAPP_API_TOKEN;
    process.env.SMSAPP_API_TOKEN = 'from-the-shell';
    try {
      const env = cliEnvironment({ SMSAPP_API_URL: 'http://127.0.0.1:1/api/v3/', PATH: undefined });
      expect(env.SMSAPP_API_TOKEN).toBeUndefined();
      expect(env.SMSAPP_API_URL).toBe('http://127.0.0.1:1/api/v3/');
      expect(env.PATH).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.SMSAPP_API_TOKEN;
      else process.env.SMSAPP_API_TOKEN = saved;
    }
  });
});

describe('runCli', () => {
  it('runs the built CLI and collects exit code and output', async () => {
    const help = await runCli(['--help'], { cwd: dir.path });
    expect(help).toMatchObject({ code: 0, signal: null });
    expect(help.stdout).toContain('Usage: cafe-sms');
    const bad = await runCli(['no-such-command'], { cwd: dir.path });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no-such-command');
  });

  it('runs node arguments before the script', async () => {
    await writeFile(dir.file('hello.mjs'), "process.stderr.write('preloaded\\n');\n");
    const result = await runCli(['--help'], { cwd: dir.path, nodeArgs: ['--import', dir.file('hello.mjs')] });
    expect(result.stderr).toContain('preloaded');
  });

  it('kills the process and rejects with the output so far when it outlives timeoutMs', async () => {
    // The preload prints at once, then keeps the process alive for ever.
    await writeFile(dir.file('hang.mjs'), "process.stdout.write('started\\n');\nsetInterval(() => {}, 1000);\n");
    const run = runCli(['--help'], { cwd: dir.path, nodeArgs: ['--import', dir.file('hang.mjs')], timeoutMs: 4000 });
    await expect(run).rejects.toThrow(/timed out after 4000 ms[\s\S]*started/);
  });
});

describe('startCli', () => {
  it('waits for a line and stops the process', async () => {
    await writeFile(dir.file('hang.mjs'), 'setInterval(() => {}, 1000);\n');
    const running = startCli(['--help'], { cwd: dir.path, nodeArgs: ['--import', dir.file('hang.mjs')] });
    expect(await running.waitForLine(/^Usage:/)).toBe('Usage: cafe-sms [options] [command]');
    const result = await running.stop('SIGTERM');
    expect(result.signal).toBe('SIGTERM');
  });

  it('rejects waitForLine when the process ends without printing it', async () => {
    const running = startCli(['--help'], { cwd: dir.path });
    await expect(running.waitForLine(/never printed/)).rejects.toThrow(/process ended before printing/);
    expect((await running.exited()).code).toBe(0);
  });
});
