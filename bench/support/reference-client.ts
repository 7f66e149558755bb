/**
 * The least a bulk sender can do: JSON bodies of 50 messages built before the clock starts, posted
 * with fetch by `concurrency` workers, each answer checked only for the success envelope. The CLI's
 * throughput is measured against this floor of overhead.
 */

export interface ReferenceMessage {
  /** Digits with country code, e.g. '923001234567'. */
  to: string;
  message: string;
}

export interface ReferenceRun {
  messages: number;
  calls: number;
  elapsedMs: number;
}

const BATCH = 50;

/** One `send-bulk-messages` body per 50 messages, as the gateway document shows them. */
export function buildBulkBodies(messages: readonly ReferenceMessage[]): string[] {
  const bodies: string[] = [];
  for (let start = 0; start < messages.length; start += BATCH) {
    const items = messages.slice(start, start + BATCH).map((m) => ({ contact: Number(m.to), message: m.message, type: 'text' }));
    bodies.push(JSON.stringify(items));
  }
  return bodies;
}

async function postBody(url: string, token: string, body: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const answer = (await response.json()) as { status?: string; message?: string };
  if (answer.status !== 'success') throw new Error(`reference bulk call failed: HTTP ${response.status} ${answer.message ?? ''}`);
}

/** Posts every body to `{baseUrl}sms/send-bulk-messages`, `concurrency` at a time. */
export async function runReferenceClient(
  baseUrl: string,
  token: string,
  bodies: readonly string[],
  messages: number,
  concurrency = 4,
): Promise<ReferenceRun> {
  const url = new URL('sms/send-bulk-messages', baseUrl).href;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let index = next++; index < bodies.length; index = next++) await postBody(url, token, bodies[index]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { messages, calls: bodies.length, elapsedMs: performance.now() - started };
}
