import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { blockScript, COMMAND_FAILED, readmeBlocks } from './readme-blocks.js';

const README = [
  '# Title',
  '',
  '```sh',
  '# a comment line',
  'npx cafe-sms send 0300-1234567 "hi"   # a comment after',
  '',
  'npx cafe-sms list \\',
  '  --all',
  'npx cafe-sms serve          # runs until stopped: the dashboard',
  'npm install && npm test     # runs the test suite',
  '```',
  '',
  '```',
  'not a shell block',
  '```',
  '```sh',
  'echo two',
  '```',
].join('\n');

describe('readmeBlocks', () => {
  it('reads the sh blocks as commands with their lines, joining continued lines and setting the marked ones apart', () => {
    const blocks = readmeBlocks(README);
    expect(blocks).toEqual([
      {
        line: 3,
        run: [
          { line: 5, text: 'npx cafe-sms send 0300-1234567 "hi"   # a comment after' },
          { line: 7, text: 'npx cafe-sms list \\\n  --all' },
        ],
        skipped: [
          { line: 9, text: 'npx cafe-sms serve          # runs until stopped: the dashboard', reason: 'runs until stopped' },
          { line: 10, text: 'npm install && npm test     # runs the test suite', reason: 'runs the test suite this test belongs to' },
        ],
      },
      { line: 16, run: [{ line: 17, text: 'echo two' }], skipped: [] },
    ]);
  });

  it('refuses a block that is never closed', () => {
    expect(() => readmeBlocks('```sh\necho one\n')).toThrow(/block at line 1 is never closed/);
  });
});

describe('blockScript', () => {
  const run = (text: string) => spawnSync('bash', ['-c', blockScript(readmeBlocks(text)[0]!)], { encoding: 'utf8' });

  it('carries a variable from one line to the next, as a pasted block does', () => {
    const result = run("```sh\nword=$(echo 'it''s here')\necho \"got $word\"\n```\n");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('got its here');
  });

  it('stops at the first command that fails, naming its README line and exit status', () => {
    const result = run('```sh\ntrue\n(exit 3)   # fails\necho never\n```\n');
    expect(result.status).toBe(COMMAND_FAILED);
    expect(result.stdout).toContain('README.md line 3 failed with exit 3');
    expect(result.stdout).not.toContain('\nnever');
  });
});
