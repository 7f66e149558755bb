import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, type TempDir } from '../../test/support/index.js';
import { CafeError } from '../errors/index.js';
import { runBoundedThread } from './bounded-thread.js';

let dir: TempDir;

beforeEach(async () => {
  dir = await createTempDir('cafe-sms-thread-');
});

afterEach(async () => {
  await dir.remove();
});

/** A thread entry written as plain ESM, so the test needs no TypeScript loader inside the thread. */
function entry(name: string, body: string): URL {
  const file = dir.file(`${name}.mjs`);
  writeFileSync(file, `import { parentPort, workerData } from 'node:worker_threads';\nimport v8 from 'node:v8';\n${body}\n`);
  return pathToFileURL(file);
}

const never = new AbortController().signal;

describe('runBoundedThread', () => {
  it("answers the thread's result, with the heap ceiling it was given", async () => {
    const url = entry(
      'limit',
      `parentPort.postMessage({ kind: 'result', value: { input: workerData, limit: v8.getHeapStatistics().heap_size_limit } });`,
    );
    const answer = await runBoundedThread<{ input: unknown; limit: number }>(url, { input: { n: 7 }, heapMb: 32, signal: never });
    expect(answer.input).toEqual({ n: 7 });
    expect(answer.limit).toBeLessThan(128 * 1024 * 1024);
  });

  it('rejects with the CafeError the thread described, code and all', async () => {
    const url = entry(
      'refused',
      "parentPort.postMessage({ kind: 'error', error: { code: 'auth', message: 'The gateway refused the token', " +
        "httpStatus: 401, input: 'SMSAPP_API_TOKEN', details: { a: 1 } } });",
    );
    const failure = runBoundedThread(url, { input: null, heapMb: 32, signal: never });
    await expect(failure).rejects.toBeInstanceOf(CafeError);
    await expect(failure).rejects.toMatchObject({
      code: 'auth',
      message: 'The gateway refused the token',
      httpStatus: 401,
      input: 'SMSAPP_API_TOKEN',
      details: { a: 1 },
    });
  });

  it('passes a stop request on when the signal aborts, and answers what the thread answers then', async () => {
    const url = entry(
      'stoppable',
      "parentPort.on('message', (m) => { " +
        "if (m.kind === 'stop') { parentPort.postMessage({ kind: 'result', value: 'stopped' }); parentPort.close(); } });",
    );
    const stop = new AbortController();
    const answer = runBoundedThread<string>(url, { input: null, heapMb: 32, signal: stop.signal });
    setTimeout(() => stop.abort(), 50);
    await expect(answer).resolves.toBe('stopped');
  });

  it('says so when the thread runs out of its memory', async () => {
    const url = entry('hungry', `const kept = []; for (;;) kept.push(new Array(100_000).fill(kept.length));`);
    await expect(runBoundedThread(url, { input: null, heapMb: 16, signal: never })).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringContaining('ran out of its 16 MB'),
    });
  });

  it('fails with the error a thread threw, or when it ends without an answer', async () => {
    await expect(
      runBoundedThread(entry('throws', `throw new Error('boom');`), { input: null, heapMb: 32, signal: never }),
    ).rejects.toMatchObject({
      code: 'internal',
      message: 'boom',
    });
    await expect(runBoundedThread(entry('silent', ''), { input: null, heapMb: 32, signal: never })).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringContaining('without an answer'),
    });
  });
});
