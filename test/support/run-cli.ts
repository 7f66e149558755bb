import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root folder. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The CLI entry; it runs the compiled code in dist/, so `npm run build` must have run. */
export const CLI_BIN = path.join(REPO_ROOT, 'bin', 'cafe-sms.js');

/**
 * Variables cafe-sms reads as configuration. They are dropped from the inherited environment so that a
 * developer's shell (a real SMSAPP_API_TOKEN!) never leaks into a test; pass them in `env` instead.
 */
const CONFIG_VARIABLES = [
  'SMSAPP_API_URL',
  'SMSAPP_API_TOKEN',
  'SMSAPP_SENDER_ID',
  'DEFAULT_COUNTRY',
  'DATABASE_URL',
  'QUIET_HOURS',
  'SEND_RATE',
  'OPT_OUT_TEXT',
  'HOST',
  'PORT',
  'ADMIN_PASSWORD',
  'LOG_LEVEL',
  'NODE_OPTIONS',
];

export interface CliOptions {
  /** Working folder of the process; use an empty temp folder so no stray .env is read. */
  cwd: string;
  /** Added to a copy of this process's environment without cafe-sms's configuration variables. */
  env?: Record<string, string | undefined>;
  /** Extra arguments for node itself, before the script (e.g. ['--import', 'x.mjs']). */
  nodeArgs?: string[];
  /**
   * Starts the CLI as `npx cafe-sms` does: the bin file run through its first line, whose node flags
   * then apply (the heap limits); `nodeArgs` go in NODE_OPTIONS. By default it is `node bin/cafe-sms.js`.
   */
  asInstalled?: boolean;
}

export interface RunCliOptions extends CliOptions {
  /** Written to stdin, which is then closed. Without it stdin is closed at once. */
  input?: string;
  /** The process is killed (and the promise rejected) after this long; default 20 s. */
  timeoutMs?: number;
}

export interface CliResult {
  /** Exit code; null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Fails early and clearly when the CLI has not been compiled, instead of every test failing oddly. */
export function assertCliBuilt(): void {
  if (!existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/cli/main.js is missing: run `npm run build` before the CLI tests');
  }
}

export function cliEnvironment(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete env[name];
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

function spawnNode(args: string[], options: CliOptions): ChildProcessWithoutNullStreams {
  if (options.asInstalled === true) {
    // NODE_OPTIONS splits on spaces outside double quotes: a path with spaces is quoted.
    const quoted = (arg: string) => (arg.includes(' ') ? `"${arg}"` : arg);
    const nodeOptions = options.nodeArgs === undefined ? {} : { NODE_OPTIONS: options.nodeArgs.map(quoted).join(' ') };
    return spawn(CLI_BIN, args, {
      cwd: options.cwd,
      env: cliEnvironment({ ...options.env, ...nodeOptions }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  }
  return spawn(process.execPath, [...(options.nodeArgs ?? []), CLI_BIN, ...args], {
    cwd: options.cwd,
    env: cliEnvironment(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function describeRun(args: string[], stdout: string, stderr: string): string {
  return `cafe-sms ${args.join(' ')}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;
}

/** Runs `node bin/cafe-sms.js …args` to completion and collects its output. */
export function runCli(args: string[], options: RunCliOptions): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const child = spawnNode(args, options);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out after ${timeoutMs} ms: ${describeRun(args, stdout, stderr)}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.on('error', () => undefined); // the CLI may exit before reading its input
    child.stdin.end(options.input ?? '');
  });
}

/** A CLI process that keeps running (e.g. `cafe-sms simulator`), for tests and benchmarks. */
export interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything written to stdout / stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line matching `pattern` (already written or still to come). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends `signal` (default SIGTERM) and resolves when the process has ended. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<CliResult>;
  /** Resolves when the process ends by itself. */
  exited(): Promise<CliResult>;
}

export function startCli(args: string[], options: CliOptions): RunningCli {
  const child = spawnNode(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.on('error', () => undefined);
  const exit = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });

  const waitForLine = (pattern: RegExp, timeoutMs = 10_000): Promise<string> =>
    new Promise((resolve, reject) => {
      let settled = false;
      const finish = (settle: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.stdout.off('data', onData);
        settle();
      };
      // A line counts once its newline has arrived, or at exit for the last, unterminated one.
      const look = (atExit: boolean): boolean => {
        const lines = stdout.split('\n');
        if (!atExit) lines.pop();
        const line = lines.find((candidate) => pattern.test(candidate));
        if (line !== undefined) finish(() => resolve(line));
        return line !== undefined;
      };
      const onData = () => look(false);
      const timer = setTimeout(
        () => finish(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms: ${describeRun(args, stdout, stderr)}`))),
        timeoutMs,
      );
      child.stdout.on('data', onData);
      void exit.then(() => {
        if (!look(true)) finish(() => reject(new Error(`process ended before printing ${pattern}: ${describeRun(args, stdout, stderr)}`)));
      });
      look(false);
    });

  const stop = async (signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<CliResult> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return await exit;
    } finally {
      clearTimeout(timer);
    }
  };

  return { child, stdout: () => stdout, stderr: () => stderr, waitForLine, stop, exited: () => exit };
}
