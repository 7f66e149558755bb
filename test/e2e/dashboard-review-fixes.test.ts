/**
 * Defects a review of the dashboard found: tags with spaces, the settings page's "Saved", the export
 * with the tag filter, the opt-out line customers actually get, sending to nobody, a cancelled
 * campaign's figures, field errors next to their field, and keyboard use of confirmations.
 *
 * Quiet hours are on around the current time, so a started promotional campaign stays queued and
 * can be cancelled before anything is sent.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  customersCsv,
  expectText,
  openFromMenu,
  quietHoursAroundNow,
  skipWithoutChromium,
  useDashboardSuite,
  type Customer,
} from './support/index.js';

const SUITE = 'e2e: dashboard review fixes';

const CUSTOMERS: Customer[] = [
  { phone: '0335 5550011', name: 'Ayesha Khan', tags: ['regulars'] },
  { phone: '0335 5550012', name: 'Bilal Ahmed', tags: ['regulars', 'vip'] },
  { phone: '0335 5550013', name: 'Fatima Malik', tags: ['vip'] },
  { phone: '0335 5550014', name: 'Hamza Qureshi', tags: ['lapsed'] },
];
const LAPSED = CUSTOMERS[3]!;

const activeElementTestId = (page: Page) =>
  page.evaluate<string | null>('document.activeElement?.closest("[role=alertdialog]")?.getAttribute("data-testid") ?? null');

describe.skipIf(skipWithoutChromium(SUITE))(SUITE, { timeout: 90_000 }, () => {
  const suite = useDashboardSuite({
    env: { QUIET_HOURS: quietHoursAroundNow() },
    setup: async (api) => {
      await api.ok('POST', '/api/contacts/import', { csv: customersCsv(CUSTOMERS) });
      const found = await api.ok<{ items: Array<{ id: number }> }>('GET', `/api/contacts?search=${encodeURIComponent(LAPSED.phone)}`);
      await api.ok('POST', `/api/contacts/${found.items[0]!.id}/opt-out`, { json: { reason: 'asked at the counter' } });
    },
  });

  it('keeps "walk ins" one tag when adding and editing, shows field errors without the API prefix and clears them on edit', async () => {
    const page = await suite.signedInPage();
    await openFromMenu(page, 'Contacts');
    await page.getByRole('button', { name: 'Add contact' }).click();
    const form = page.getByRole('form', { name: 'Add a contact' });

    await form.getByLabel('Phone').fill('0300-12345');
    await form.getByRole('button', { name: 'Add contact' }).click();
    const phoneError = form.locator('.field-error');
    await expectText(() => phoneError.innerText(), /not a valid/i);
    expect(await phoneError.innerText()).not.toMatch(/^phone:/i);
    await form.getByLabel('Phone').fill('0335 5550021');
    await phoneError.waitFor({ state: 'detached' });

    await form.getByLabel('Name (optional)').fill('Nadia Hussain');
    await form.getByLabel('Tags (optional)').fill('walk ins, vip');
    await form.getByRole('button', { name: 'Add contact' }).click();
    const table = page.getByTestId('contacts-table');
    const row = table.locator('tbody tr', { hasText: 'Nadia Hussain' });
    await expectText(() => row.innerText(), '#walk ins');
    expect(await row.innerText()).not.toMatch(/#walk\s*#ins|#ins\b/);

    await row.getByRole('button', { name: 'Edit Nadia Hussain' }).click();
    await row.getByLabel('Tags').fill('walk ins, late night');
    await row.getByRole('button', { name: 'Save' }).click();
    await expectText(() => row.innerText(), '#late night');
    expect(await row.innerText()).toContain('#walk ins');
  });

  it('exports only the contacts of the active tag filter', async () => {
    const page = await suite.signedInPage();
    await openFromMenu(page, 'Contacts');
    const exportLink = page.getByTestId('export-csv');
    expect(await exportLink.getAttribute('href')).toBe('/api/contacts/export');
    await page.getByRole('group', { name: 'Tags (any of)' }).getByRole('button', { name: /#vip/ }).click();
    await expectText(async () => (await exportLink.getAttribute('href')) ?? '', /tag=vip/);
    const href = (await exportLink.getAttribute('href'))!;
    const answer = await page.request.get(new URL(href, suite.server.url).toString());
    expect(answer.status()).toBe(200);
    const csv = await answer.text();
    expect(csv).toContain('Bilal Ahmed');
    expect(csv).toContain('Fatima Malik');
    expect(csv).not.toContain('Ayesha Khan');
  });

  it('shows "Saved" after a successful save until the next edit, and field errors without the API prefix', async () => {
    const page = await suite.signedInPage();
    await openFromMenu(page, 'Settings');
    await page.getByLabel('Pace (SMS parts per second)').fill('40');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const saved = page.getByTestId('settings-saved');
    await saved.waitFor({ state: 'visible' });
    await page.waitForTimeout(1000);
    expect(await saved.isVisible()).toBe(true);
    await page.getByLabel('Pace (SMS parts per second)').fill('45');
    await saved.waitFor({ state: 'detached' });

    await page.getByLabel('Sender ID').fill('');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const senderError = page.locator('.field-invalid .field-error').first();
    await senderError.waitFor({ state: 'visible' });
    expect(await senderError.innerText()).not.toMatch(/^senderId:/);
    await page.getByLabel('Sender ID').fill('Cafe de Revenue');
    await senderError.waitFor({ state: 'detached' });
  });

  it('shows the opt-out line customers get: the English sentence for an English text, none for an image', async () => {
    const page = await suite.signedInPage();
    await page.goto('/campaigns/new');
    await page.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
    await page.getByTestId('template-editor').fill('Hi {{first_name}}, 20% off today');
    const note = page.getByTestId('opt-out-line-note');
    await expectText(() => page.getByTestId('opt-out-line').innerText(), /^Reply STOP to opt out\.$/);
    await page.getByLabel('Image', { exact: true }).check();
    await expectText(() => note.innerText(), /no opt-out line/i);

    const created = await suite.api.ok<{ campaign: { id: number } }>('POST', '/api/campaigns', {
      json: { name: 'English offer', template: 'Hi {{first_name}}, 20% off today', type: 'text', tags: ['vip'], transactional: false },
    });
    await page.goto(`/campaigns/${created.campaign.id}`);
    const message = page.getByTestId('campaign-template');
    await expectText(() => message.innerText(), 'Reply STOP to opt out.');
    expect(await message.innerText()).not.toContain('بند');
  });

  it('refuses "Send now" to nobody, and shows a cancelled campaign’s unsent messages as not sent', async () => {
    const page = await suite.signedInPage();
    await page.goto('/campaigns/new');
    await page.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
    await page.getByLabel('Campaign name').fill('Nobody');
    await page.getByTestId('template-editor').fill('Hello');
    await page
      .getByRole('group', { name: 'Audience' })
      .getByLabel(/#lapsed/)
      .check();
    await expectText(() => page.getByTestId('preview-recipients').innerText(), /^0$/);
    await page.getByRole('button', { name: 'Send now' }).click();
    const confirm = page.getByTestId('confirm-send');
    await expectText(() => confirm.innerText(), /nobody would get/i);
    expect(await confirm.getByRole('button', { name: 'Yes, send now' }).isDisabled()).toBe(true);

    const created = await suite.api.ok<{ campaign: { id: number } }>('POST', '/api/campaigns', {
      json: { name: 'Held then cancelled', template: 'Hello', type: 'text', tags: ['regulars'], transactional: false },
    });
    await suite.api.ok('POST', `/api/campaigns/${created.campaign.id}/start`, { json: {} });
    // The worker queues the messages; quiet hours hold them, so none is sent before the cancel.
    await expect
      .poll(async () => (await suite.api.ok<{ total: number }>('GET', `/api/campaigns/${created.campaign.id}`)).total, { timeout: 10_000 })
      .toBe(2);
    await suite.api.ok('POST', `/api/campaigns/${created.campaign.id}/cancel`, { json: {} });
    await page.goto(`/campaigns/${created.campaign.id}`);
    await expectText(() => page.getByTestId('settled-of-total').innerText(), /^0 of 2 messages sent · 2 not sent \(cancelled\)/);
    expect(await page.getByTestId('progress-percent').innerText()).toBe('0%');
  });

  it('moves focus into confirmations and lets Escape cancel them', async () => {
    const page = await suite.signedInPage();
    await page.goto('/campaigns/new');
    await page.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Send now' }).click();
    await expect.poll(() => activeElementTestId(page)).toBe('confirm-send');
    await page.keyboard.press('Escape');
    await page.getByTestId('confirm-send').waitFor({ state: 'detached' });

    await openFromMenu(page, 'Contacts');
    await page.getByRole('button', { name: 'Delete Ayesha Khan' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete Ayesha Khan?' });
    await confirm.waitFor();
    await expect.poll(() => page.evaluate<boolean>('!!document.activeElement?.closest("[role=alertdialog]")')).toBe(true);
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Delete Ayesha Khan' }).waitFor();
  });
});
