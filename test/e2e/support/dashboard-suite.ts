import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createApiClient, type ApiClient } from './api-client.js';
import { launchChromium, newDashboardPage } from './browser.js';
import { signIn } from './dashboard.js';
import { startServe, type ServeProcess } from './serve-process.js';

export interface DashboardSuiteOptions {
  /** Extra environment of the server (e.g. QUIET_HOURS). */
  env?: Record<string, string>;
  /** Runs once the server is up, with an API client holding a fresh API key (e.g. to import customers). */
  setup?: (api: ApiClient, server: ServeProcess) => Promise<void>;
}

export interface DashboardSuite {
  readonly server: ServeProcess;
  readonly browser: Browser;
  /** An API client with its own key (`cafe-sms apikey create`, as an operator would). */
  readonly api: ApiClient;
  /** A new browser context's page, not signed in; closed after the test. */
  openPage(options?: Parameters<typeof newDashboardPage>[2]): Promise<Page>;
  /** The same, signed in as the admin. */
  signedInPage(): Promise<Page>;
}

/**
 * One server and one Chromium for a describe block: started before its tests, stopped after them;
 * each test's browser context is closed after it, and a failing test prints the browser's errors
 * and the server's stderr. Call it inside `describe`.
 */
export function useDashboardSuite(options: DashboardSuiteOptions = {}): DashboardSuite {
  let server: ServeProcess | undefined;
  let browser: Browser | undefined;
  let api: ApiClient | undefined;
  let context: BrowserContext | undefined;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServe({ env: options.env }), launchChromium()]);
    api = createApiClient(server.url, await server.createApiKey('e2e-setup'));
    await options.setup?.(api, server);
  }, 40_000);

  afterEach(async (test) => {
    if (test.task.result?.state === 'fail') {
      console.error(`[e2e] browser errors: ${pageErrors.join('\n') || 'none'}\n[e2e] server stderr: ${server?.stderr() ?? ''}`);
    }
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 30_000);

  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`the e2e ${name} is not started: use the suite inside its tests`);
    return value;
  };

  const suite: DashboardSuite = {
    get server() {
      return ready(server, 'server');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    get api() {
      return ready(api, 'API client');
    },
    async openPage(pageOptions) {
      const opened = await newDashboardPage(suite.browser, suite.server.url, pageOptions);
      ({ context, pageErrors } = opened);
      return opened.page;
    },
    async signedInPage() {
      const page = await suite.openPage();
      await signIn(page);
      return page;
    },
  };
  return suite;
}
