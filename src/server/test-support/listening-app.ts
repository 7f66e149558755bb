import { afterEach } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { listen, type ListeningServer } from '../listen.js';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app.js';

export interface ListeningTestApp {
  test: TestApp;
  /** Its `close` may be called by the test too: the cleanup closes it only once. */
  server: ListeningServer;
}

export interface ListenOptions {
  /** How long requests in flight may finish when the server stops; the tests keep it short. */
  closeDeadlineMs?: number;
  /** Runs on the built app before it listens (a test route, a hook). */
  beforeListen?: (app: FastifyInstance) => void;
}

/**
 * For tests that need a real socket: answers a function that starts the real app on 127.0.0.1,
 * port 0, and registers the cleanup that closes every app it started after each test.
 */
export function useListeningApps(): (appOptions?: TestAppOptions, listenOptions?: ListenOptions) => Promise<ListeningTestApp> {
  const started: ListeningTestApp[] = [];
  afterEach(async () => {
    for (const { test, server } of started.splice(0)) {
      await server.close();
      await test.close();
    }
  });
  return async (appOptions = {}, listenOptions = {}) => {
    const test = await createTestApp(appOptions);
    listenOptions.beforeListen?.(test.app);
    const listening = await listen(test.app, {
      host: '127.0.0.1',
      port: 0,
      ...(listenOptions.closeDeadlineMs === undefined ? {} : { closeDeadlineMs: listenOptions.closeDeadlineMs }),
    });
    let closing: Promise<void> | undefined;
    const server: ListeningServer = { url: listening.url, port: listening.port, close: () => (closing ??= listening.close()) };
    started.push({ test, server });
    return { test, server };
  };
}
