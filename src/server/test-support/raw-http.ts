import { connect, type Socket } from 'node:net';

/** What came back on a raw connection, up to its close. */
export interface RawExchange {
  /** Everything the server wrote, as latin1 text. */
  text: string;
  /** The status of the first answer, or undefined when none came. */
  status: number | undefined;
  /** Lower-case header names of the first answer. */
  headers: Record<string, string>;
  /** The body of the first answer parsed as JSON, when it is. */
  json: unknown;
  closedAfterMs: number;
}

function parseAnswer(text: string): Pick<RawExchange, 'status' | 'headers' | 'json'> {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const status = /^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1];
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status: status === undefined ? undefined : Number(status), headers, json };
}

/** A connection that records what the server writes, and when it closes. */
export interface RawConnection {
  socket: Socket;
  write(text: string | Buffer): void;
  /** Resolves when the server (or `end`) closes the connection. */
  closed: Promise<RawExchange>;
  end(): void;
}

export async function openRaw(port: number, host = '127.0.0.1'): Promise<RawConnection> {
  const socket = connect(port, host);
  const opened = performance.now();
  let text = '';
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
  });
  // A reset from the server is one of the outcomes under test.
  socket.on('error', () => undefined);
  const closed = new Promise<RawExchange>((resolve) => {
    socket.once('close', () => resolve({ text, ...parseAnswer(text), closedAfterMs: performance.now() - opened }));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('close', () => reject(new Error('the connection closed before it opened')));
  });
  return { socket, write: (data) => socket.write(data), closed, end: () => socket.destroy() };
}

/** Sends `request` on a fresh connection and waits for the server to close it (or `giveUpMs`). */
export async function rawExchange(port: number, request: string, giveUpMs = 5000): Promise<RawExchange> {
  const connection = await openRaw(port);
  connection.write(request);
  const giveUp = setTimeout(() => connection.end(), giveUpMs);
  try {
    return await connection.closed;
  } finally {
    clearTimeout(giveUp);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
