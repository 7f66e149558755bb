/**
 * The words a cafe worker reads (issue 13): SMS parts and cost on the main view, encodings only
 * behind "why?"; the Urdu opt-out sentence isolated in its own direction; errors without field
 * names or ids; settings that warn before saving; a skip link. At phone and laptop sizes.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { customersCsv, expectText, openFromMenu, signIn, skipWithoutChromium, useDashboardSuite, type Customer } from './support/index.js';

const SUITE = 'e2e: words a cafe worker uses';

const REGULARS: Customer[] = [
  { phone: '0333 5550011', name: 'Ayesha Khan', tags: ['regulars'] },
  { phone: '0333 5550012', name: 'Bilal Ahmed', tags: ['regulars'] },
];

const SIZES = [
  { name: 'phone', viewport: { width: 390, height: 844 } },
  { name: 'laptop', viewport: { width: 1280, height: 900 } },
] as const;

const URDU_SENTENCE = 'بند کرنے کے لیے STOP بھیجیں';
/** Words staff should not meet outside a "why?" detail. */
const TECHNICAL = /GSM-7|UCS-2|segment|settled|being checked|calls in flight|\bfinal\b/i;

/** The main view's text: the page's <main> without what "why?" details fold away. */
function mainViewText(page: Page): Promise<string> {
  // A string, because this project compiles without the DOM types.
  return page.evaluate<string>(`(() => {
    const clone = document.querySelector('main').cloneNode(true);
    clone.querySelectorAll('details > :not(summary)').forEach((element) => element.remove());
    return clone.textContent;
  })()`);
}

describe.skipIf(skipWithoutChromium(SUITE))(SUITE, { timeout: 90_000 }, () => {
  const suite = useDashboardSuite({
    setup: async (api) => {
      await api.ok('POST', '/api/contacts/import', { csv: customersCsv(REGULARS) });
    },
  });

  async function pageAt(viewport: { width: number; height: number }): Promise<Page> {
    const page = await suite.openPage({ viewport });
    await signIn(page);
    return page;
  }

  for (const size of SIZES) {
    it(`composes in plain words, with the Urdu opt-out sentence in its own direction (${size.name})`, async () => {
      const page = await pageAt(size.viewport);
      await page.goto('/campaigns/new');
      await page.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
      await page.getByTestId('template-editor').fill('السلام علیکم {{name}}! آج چائے آدھی قیمت پر');
      await page
        .getByRole('group', { name: 'Audience' })
        .getByLabel(/#regulars/)
        .check();

      await expectText(() => page.getByTestId('counter-segments').innerText(), /^\d+ SMS parts? per message$/);
      await expectText(() => page.getByTestId('preview-recipients').innerText(), /^2$/);
      await page.getByTestId('preview-samples').waitFor();
      const main = await mainViewText(page);
      expect(main).not.toMatch(TECHNICAL);
      expect(main).toContain('SMS part');

      // The reason is one click away.
      const why = page.getByTestId('counter-why');
      await why.locator('summary').click();
      await expectText(() => why.innerText(), 'UCS-2');

      // The Urdu sentence of the opt-out line is isolated, right to left, in the note and in the preview.
      const noteLine = page.getByTestId('opt-out-line').locator('bdi[dir="rtl"]');
      expect(await noteLine.innerText()).toBe(URDU_SENTENCE);
      const sampleLine = page.getByTestId('preview-samples').locator('.sms-bubble bdi[dir="rtl"]', { hasText: 'STOP' }).first();
      expect(await sampleLine.innerText()).toBe(URDU_SENTENCE);
      expect(await sampleLine.evaluate((element) => element.matches(':dir(rtl)'))).toBe(true);

      // The cost shown is the cost of the message as sent: two recipients, each the counter's parts.
      const parts = Number(/^(\d+)/.exec(await page.getByTestId('counter-segments').innerText())![1]);
      await expectText(() => page.getByTestId('preview-units').innerText(), new RegExp(`^${parts * 2}\\b`));
    });

    it(`skips to the content from the keyboard (${size.name})`, async () => {
      const page = await pageAt(size.viewport);
      await page.keyboard.press('Tab');
      const skip = page.getByTestId('skip-link');
      expect(await skip.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
      const box = await skip.boundingBox();
      expect(box !== null && box.y >= 0 && box.height > 0).toBe(true);
      await page.keyboard.press('Enter');
      expect(await page.evaluate<string>('document.activeElement.tagName')).toBe('MAIN');
    });
  }

  it('says who already has a number, by name and as staff write it, without a field name or id', async () => {
    const page = await pageAt(SIZES[1].viewport);
    await openFromMenu(page, 'Contacts');
    await page.getByRole('button', { name: 'Add contact' }).click();
    const form = page.getByRole('form', { name: 'Add a contact' });
    await form.getByLabel('Phone').fill('+92 333 5550011');
    await form.getByRole('button', { name: /add/i }).click();
    const error = form.locator('.field-error').first();
    await expectText(() => error.innerText(), 'Ayesha Khan already has the number 0333-5550011');
    expect(await error.innerText()).not.toMatch(/^phone:|contact \d+/i);
  });

  for (const size of SIZES) {
    it(`warns before saving an unusual pace and an Urdu-only opt-out line; same quiet hours in picker words (${size.name})`, async () => {
      const page = await pageAt(size.viewport);
      await page.goto('/settings');
      await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
      const before = await suite.api.ok<{ sendRate: number; optOutText: string }>('GET', '/api/settings');

      const pace = page.getByLabel('Pace (SMS parts per second)');
      await pace.fill('1000');
      await expectText(() => page.getByTestId('pace-warning').innerText(), /far above the usual 1–100/);
      await page.getByRole('button', { name: 'Save settings' }).click();
      const confirm = page.getByTestId('save-warnings');
      await expectText(() => confirm.innerText(), /1000 SMS parts a second/);
      expect((await suite.api.ok<{ sendRate: number }>('GET', '/api/settings')).sendRate).toBe(before.sendRate);
      await confirm.getByRole('button', { name: 'Go back' }).click();
      await pace.fill('0.01');
      await expectText(() => page.getByTestId('pace-warning').innerText(), /one SMS every 100 seconds/);
      await pace.fill('20');
      await page.getByTestId('pace-warning').waitFor({ state: 'detached' });

      const line = page.getByLabel('Opt-out line');
      await line.fill(URDU_SENTENCE);
      await expectText(() => page.getByTestId('opt-out-warning').innerText(), /about twice as much/);
      const urdu = page.getByTestId('opt-out-line-forms').locator('bdi[dir="rtl"]').first();
      expect(await urdu.innerText()).toBe(URDU_SENTENCE);
      await page.getByRole('button', { name: 'Save settings' }).click();
      await expectText(() => confirm.innerText(), /twice as much/);
      expect((await suite.api.ok<{ optOutText: string }>('GET', '/api/settings')).optOutText).toBe(before.optOutText);
      await confirm.getByRole('button', { name: 'Save anyway' }).click();
      await page.getByTestId('settings-saved').waitFor();
      expect((await suite.api.ok<{ optOutText: string }>('GET', '/api/settings')).optOutText).toBe(URDU_SENTENCE);
      // Back to the usual line (no warning for it).
      await line.fill(before.optOutText);
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByTestId('settings-saved').waitFor();

      const quiet = page.getByRole('group', { name: /Quiet hours/ });
      await quiet.getByLabel('Hold promotional messages during quiet hours').check();
      await quiet.getByLabel('From').fill('21:00');
      await quiet.getByLabel('To').fill('21:00');
      await page.getByRole('button', { name: 'Save settings' }).click();
      const quietError = quiet.locator('.field-error');
      await expectText(() => quietError.innerText(), /^Quiet hours must start and end at different times/);
      expect(await quietError.innerText()).not.toMatch(/write it as|type/i);
    });
  }
});
