import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; `.ci/run` installs it. The tests never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Generous waits for what the dashboard shows after a poll or a worker turn; CI has 2 cores. */
export const UI_TIMEOUT_MS = 15_000;

/**
 * True when the browser tests must be skipped: Chromium is missing on a developer's machine. In CI
 * (process.env.CI set) a missing Chromium is a failure instead, raised by `launchChromium`.
 */
export function skipWithoutChromium(suite: string, options: { executablePath?: string; ci?: string | undefined } = {}): boolean {
  const executablePath = options.executablePath ?? CHROMIUM_PATH;
  // An explicit `ci: undefined` means "not in CI" (tests use it), so only a missing key reads the environment.
  const ci = 'ci' in options ? options.ci : process.env.CI;
  if (existsSync(executablePath) || (ci !== undefined && ci !== '')) return false;
  console.warn(
    `\n[e2e] SKIPPED "${suite}": ${executablePath} is missing. ` +
      'Install it (apt-get install chromium) to run the browser tests; CI runs them.\n',
  );
  return true;
}

export async function launchChromium(executablePath = CHROMIUM_PATH): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(`${executablePath} is missing: the browser tests need Debian's Chromium (apt-get install -y chromium); CI installs it`);
  }
  return chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS });
}

/**
 * A fresh context (cookies, storage) for one test, with the dashboard's URL as base. Its browser
 * errors are collected so a test can show them when it fails.
 */
export async function newDashboardPage(
  browser: Browser,
  baseURL: string,
  options: { viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page; pageErrors: string[] }> {
  const context = await browser.newContext({ baseURL, viewport: options.viewport ?? { width: 1280, height: 900 }, locale: 'en-GB' });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, pageErrors };
}
