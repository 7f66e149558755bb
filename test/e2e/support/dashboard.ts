import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { UI_TIMEOUT_MS } from './browser.js';
import { ADMIN_PASSWORD } from './serve-process.js';

/** Opens the dashboard and signs in through the form as the admin the server created. */
export async function signIn(page: Page, password = ADMIN_PASSWORD): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
}

/** Follows a link of the main navigation and waits for that page's heading. */
export async function openFromMenu(page: Page, label: string, heading = label): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

/** The sandbox banner must be on screen, so nobody mistakes a rehearsal for a real send. */
export async function expectSandboxBanner(page: Page): Promise<void> {
  const banner = page.getByTestId('sandbox-banner');
  await banner.waitFor({ state: 'visible' });
  expect(await banner.innerText()).toContain('Sandbox mode');
}

/** Polls what a locator shows until it matches (the dashboard refreshes on timers). */
export async function expectText(read: () => Promise<string>, pattern: RegExp | string, timeout = UI_TIMEOUT_MS): Promise<void> {
  if (typeof pattern === 'string') await expect.poll(read, { timeout, interval: 100 }).toContain(pattern);
  else await expect.poll(read, { timeout, interval: 100 }).toMatch(pattern);
}

/** Pixels the page is wider than the viewport (0 when there is no horizontal scroll). */
export function horizontalOverflow(page: Page): Promise<number> {
  // A string, because this project compiles without the DOM types.
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}
