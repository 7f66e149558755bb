import { startCli, type RunningCli } from '../../test/support/index.js';

/** `cafe-sms simulator` running as its own process, driven through its admin endpoints. */
export interface SimulatorProcess {
  /** API base URL ending in '/api/v3/'. */
  url: string;
  /** Every record it holds. */
  messageCount(): Promise<number>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

async function admin(url: string, token: string, path: string, method: 'GET' | 'POST'): Promise<unknown> {
  const response = await fetch(new URL(`/__simulator/${path}`, url), {
    method,
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    signal: AbortSignal.timeout(60_000),
  });
  const answer = (await response.json()) as { status?: string; message?: string; data?: unknown };
  if (answer.status !== 'success') throw new Error(`simulator ${method} ${path} failed: ${answer.message ?? response.status}`);
  return answer.data;
}

/** Starts `node bin/cafe-sms.js simulator --port 0 --json` (latency 0) and reads the URL it prints. */
export async function startSimulatorProcess(cwd: string, token: string): Promise<SimulatorProcess> {
  const running: RunningCli = startCli(['simulator', '--port', '0', '--latency-ms', '0', '--json'], {
    cwd,
    env: { SMSAPP_API_TOKEN: token, LOG_LEVEL: 'warn' },
  });
  let url: string;
  try {
    const line = await running.waitForLine(/^\{"url":/, 20_000);
    url = (JSON.parse(line) as { url: string }).url;
  } catch (error) {
    await running.stop('SIGKILL');
    throw error;
  }
  return {
    url,
    messageCount: async () => ((await admin(url, token, 'messages', 'GET')) as unknown[]).length,
    reset: async () => {
      await admin(url, token, 'reset', 'POST');
    },
    stop: async () => {
      const result = await running.stop('SIGTERM');
      if (result.code !== 0) throw new Error(`the simulator exited with ${result.code ?? result.signal}: ${result.stderr}`);
    },
  };
}
