/**
 * The dashboard says what really happened, at phone and laptop sizes: a one-off SMS the gateway
 * accepts shows "Sent to the gateway" until its delivery report, never "Delivered" before it; a
 * completed campaign says it waits for delivery reports instead of "delivered rate 0 %"; numbers read
 * as staff write them, with the customer's name; and the campaign list's progress bar is visible.
 *
 * The sandbox simulator reports a number ending in 0 as Undelivered, and any report only about 3 s
 * after the send; the worker here reads reports every 10 s. "Sent, report not yet in" lasts at least
 * those 3 s, so the tests read the pages by reloading them, which cannot miss it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  customersCsv,
  expectText,
  horizontalOverflow,
  openFromMenu,
  signIn,
  skipWithoutChromium,
  useDashboardSuite,
  type Customer,
} from './support/index.js';

const SUITE = 'e2e: delivery words, campaign figures and numbers as staff write them';

const SIZES = [
  { name: 'phone', viewport: { width: 390, height: 844 } },
  { name: 'laptop', viewport: { width: 1280, height: 900 } },
] as const;

/** One named customer per size whose SMS the simulator will report undelivered (last digit 0). */
const UNDELIVERED: Record<(typeof SIZES)[number]['name'], Customer> = {
  phone: { phone: '0345 6781110', name: 'Nadia Hussain', tags: ['walk-ins'] },
  laptop: { phone: '0345 6781120', name: 'Usman Tariq', tags: ['walk-ins'] },
};
const REGULARS: Customer[] = [
  { phone: '0345 6782221', name: 'Sara Ali', tags: ['regulars'] },
  { phone: '0345 6782222', name: 'Ali Raza', tags: ['regulars'] },
];

/**
 * Reads the page afresh (a reload, not the page's own 5 s refresh): the simulator keeps a message
 * "Enroute" for about 3 s, a window a timer refresh can miss but a poll of reloads cannot.
 */
async function reloaded(page: Page, heading: string, read: () => Promise<string>): Promise<string> {
  await page.reload();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  return read();
}

/** The stages the Messages page shows for one message, in order, until its delivery report is shown. */
async function stagesUntilReported(page: Page, rowText: string): Promise<string[]> {
  const row = page.getByTestId('messages-table').locator('tbody tr').filter({ hasText: rowText });
  const stage = async () => {
    await row.first().waitFor();
    return row.getByTestId('message-stage').innerText();
  };
  const seen: string[] = [];
  await expect
    .poll(
      async () => {
        const label = await reloaded(page, 'Messages', stage);
        if (seen.at(-1) !== label) seen.push(label);
        return label;
      },
      { timeout: 40_000, interval: 200 },
    )
    .toBe('Not delivered');
  return seen;
}

describe.skipIf(skipWithoutChromium(SUITE))(SUITE, { timeout: 120_000 }, () => {
  const suite = useDashboardSuite({
    env: { TRACK_INTERVAL_MS: '10000' },
    setup: async (api) => {
      await api.ok('POST', '/api/contacts/import', { csv: customersCsv([...Object.values(UNDELIVERED), ...REGULARS]) });
    },
  });

  for (const size of SIZES) {
    it(`${size.name}: a one-off the gateway accepts reads "Sent to the gateway", then "Not delivered", never "Delivered"`, async () => {
      const customer = UNDELIVERED[size.name];
      const shown = `${customer.phone.slice(0, 4)}-${customer.phone.slice(5)}`; // 0345-6781110
      const page = await suite.openPage({ viewport: size.viewport });
      await signIn(page);
      await page.goto('/messages');
      await page.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Send a single SMS' }).click();
      const form = page.getByRole('form', { name: 'Send a single SMS' });
      await form.getByLabel('Phone').fill(customer.phone);
      await form.getByLabel('Message', { exact: true }).fill('Your order #7 is ready at the counter');
      await form.getByRole('button', { name: 'Send' }).click();
      await expectText(() => page.getByTestId('send-one-success').innerText(), `the SMS to ${customer.name} (${shown}) is in the outbox`);

      const seen = await stagesUntilReported(page, shown);
      expect(seen).toContain('Sent to the gateway');
      expect(seen.indexOf('Sent to the gateway')).toBeLessThan(seen.indexOf('Not delivered'));
      expect(seen).not.toContain('Delivered');

      const row = page.getByTestId('messages-table').locator('tbody tr').filter({ hasText: shown });
      const text = await row.innerText();
      expect(text).toContain(customer.name);
      expect(text).not.toContain('+92');
      expect(await horizontalOverflow(page), 'no sideways scrolling').toBe(0);
      // The gateway's own word stays behind "why?".
      await row.getByText('why?').click();
      expect(await row.getByTestId('message-stage-detail').innerText()).toBe(
        'the delivery report said: Undelivered (the phone network could not deliver it)',
      );

      // The filter uses the same words and finds it.
      await page.getByLabel('What happened').selectOption({ label: 'Not delivered' });
      await page.waitForURL(/[?&]stage=not_delivered/);
      await expectText(() => page.getByTestId('messages-table').innerText(), shown);
    });
  }

  it('says a completed campaign waits for delivery reports, then gives the rate; its progress bar is visible at both sizes', async () => {
    const created = await suite.api.ok<{ campaign: { id: number } }>('POST', '/api/campaigns', {
      json: { name: 'Samosa Friday', template: 'Hi {{first_name|friend}}, samosas are half price today!', tags: ['regulars'] },
    });
    const id = created.campaign.id;
    await suite.api.ok('POST', `/api/campaigns/${id}/start`, { json: {} });

    const page = await suite.signedInPage();
    await page.goto(`/campaigns/${id}`);
    const figures = () =>
      reloaded(
        page,
        'Samosa Friday',
        async () => `${await page.getByTestId('state-badge').innerText()} · ${await page.getByTestId('settled-of-total').innerText()}`,
      );
    await expectText(figures, /^completed · .*waiting for delivery reports \(2 reports to come\)$/);
    expect(await page.getByTestId('settled-of-total').innerText()).not.toMatch(/delivered rate/);

    // The bar in the campaign list, at both sizes (it was 0 px wide at both).
    for (const size of SIZES) {
      await page.setViewportSize(size.viewport);
      await openFromMenuAt(page, 'Campaigns');
      const bar = page.getByRole('progressbar', { name: 'Progress of Samosa Friday' });
      const track = await bar.boundingBox();
      const fill = await bar.locator('.progress-fill').boundingBox();
      expect(track?.width, `${size.name}: the bar's track`).toBeGreaterThan(40);
      expect(fill?.width, `${size.name}: the bar's fill at 100 %`).toBeCloseTo(track?.width ?? 0, 0);
      expect(await horizontalOverflow(page), `${size.name}: no sideways scrolling`).toBe(0);
    }

    await page.goto(`/campaigns/${id}`);
    await expectText(() => page.getByTestId('settled-of-total').innerText(), /delivered rate 100%/, 40_000);
  });
});

/** The main menu is behind a button on a phone; going by address works at every size. */
async function openFromMenuAt(page: Page, label: string): Promise<void> {
  if ((page.viewportSize()?.width ?? 0) >= 960) {
    await openFromMenu(page, label);
    return;
  }
  await page.goto(`/${label.toLowerCase()}`);
  await page.getByRole('heading', { name: label, level: 1 }).waitFor();
}
