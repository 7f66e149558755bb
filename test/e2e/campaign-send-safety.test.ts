/**
 * Sending what is on screen, and saying before a send when quiet hours will hold it: a retried
 * "Send now" after a failed start sends the edited form (not the stale draft), the campaign page asks
 * before "Send now" with the recipient count, and the compose confirmation and both schedule forms say
 * when promotional messages would wait for quiet hours.
 *
 * The server runs with quiet hours around the current Karachi time (two hours either side), so "now"
 * is quiet time throughout the test.
 */
import { describe, expect, it } from 'vitest';
import {
  customersCsv,
  expectText,
  karachiLocalInAnHour,
  quietHoursAroundNow,
  skipWithoutChromium,
  useDashboardSuite,
  type Customer,
} from './support/index.js';

const SUITE = 'e2e: campaign send safety and quiet hours';

const CUSTOMERS: Customer[] = [
  { phone: '0334 5550011', name: 'Ayesha Khan', tags: ['regulars'] },
  { phone: '0334 5550012', name: 'Bilal Ahmed', tags: ['regulars'] },
  { phone: '0334 5550013', name: 'Fatima Malik', tags: ['vip'] },
];

describe.skipIf(skipWithoutChromium(SUITE))(SUITE, { timeout: 90_000 }, () => {
  const suite = useDashboardSuite({
    env: { QUIET_HOURS: quietHoursAroundNow() },
    setup: async (api) => {
      await api.ok('POST', '/api/contacts/import', { csv: customersCsv(CUSTOMERS) });
    },
  });

  it('after a failed start, sends the edited form rather than the draft saved before the edits', async () => {
    const page = await suite.signedInPage();
    let failedStarts = 0;
    await page.route(/\/api\/campaigns\/\d+\/start$/, async (route) => {
      if (failedStarts === 0) {
        failedStarts += 1;
        await route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({ statusCode: 503, code: 'internal', message: 'Try again later.' }),
        });
      } else {
        await route.continue();
      }
    });
    await page.goto('/campaigns/new');
    await page.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
    await page.getByLabel('Campaign name').fill('Retry offer');
    await page.getByTestId('template-editor').fill('Old text for everyone');
    await page
      .getByRole('group', { name: 'Audience' })
      .getByLabel(/#regulars/)
      .check();
    await expectText(() => page.getByTestId('preview-recipients').innerText(), /^2$/);
    await page.getByRole('button', { name: 'Send now' }).click();
    await page.getByTestId('confirm-send').getByRole('button', { name: 'Yes, send now' }).click();
    await expectText(() => page.locator('main').innerText(), 'saved as a draft but did not start');
    expect(failedStarts).toBe(1);

    // Edit text and audience after the draft was saved, then send again.
    await page.getByTestId('template-editor').fill('New text for the VIPs');
    await page
      .getByRole('group', { name: 'Audience' })
      .getByLabel(/#regulars/)
      .uncheck();
    await page.getByRole('group', { name: 'Audience' }).getByLabel(/#vip/).check();
    await expectText(() => page.locator('main').innerText(), /changed since/i);
    await expectText(() => page.getByTestId('preview-recipients').innerText(), /^1$/);
    await page.getByRole('button', { name: 'Send now' }).click();
    await page.getByTestId('confirm-send').getByRole('button', { name: 'Yes, send now' }).click();

    await page.waitForURL(/\/campaigns\/\d+$/);
    await expectText(() => page.getByTestId('campaign-template').innerText(), 'New text for the VIPs');
    expect(await page.locator('main').innerText()).toContain('#vip');
    const sent = await suite.api.ok<{ items: Array<{ campaign: { template: string; state: string } }> }>('GET', '/api/campaigns');
    const started = sent.items.filter((item) => item.campaign.state !== 'draft').map((item) => item.campaign.template);
    expect(started).toEqual(['New text for the VIPs']);
  });

  it('asks before "Send now" on the campaign page, with the recipient count, and can be cancelled with Escape', async () => {
    const created = await suite.api.ok<{ campaign: { id: number } }>('POST', '/api/campaigns', {
      json: { name: 'Saved draft', template: 'Hello {{first_name}}', type: 'text', tags: ['regulars'], transactional: false },
    });
    const page = await suite.signedInPage();
    await page.goto(`/campaigns/${created.campaign.id}`);
    await page.getByRole('heading', { name: 'Saved draft', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Send now' }).click();
    const confirm = page.getByTestId('confirm-start');
    await expectText(() => confirm.innerText(), 'Send now to 2 recipients');
    // Quiet hours are on around now: the confirmation says the messages will wait.
    await expectText(() => confirm.innerText(), /quiet hours/i);
    const focusedInside = await confirm.evaluate((element) => element.contains(element.ownerDocument.activeElement));
    expect(focusedInside).toBe(true);
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    const still = await suite.api.ok<{ campaign: { state: string } }>('GET', `/api/campaigns/${created.campaign.id}`);
    expect(still.campaign.state).toBe('draft');

    await page.getByRole('button', { name: 'Send now' }).click();
    await page.getByTestId('confirm-start').getByRole('button', { name: 'Yes, send now' }).click();
    await expectText(() => page.getByTestId('state-badge').innerText(), /^(running|completed)$/);
  });

  it('says in the compose confirmation and in both schedule forms when quiet hours would hold the messages', async () => {
    const page = await suite.signedInPage();
    await page.goto('/campaigns/new');
    await page.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
    await page.getByLabel('Campaign name').fill('Quiet test');
    await page.getByTestId('template-editor').fill('Hello');
    await page
      .getByRole('group', { name: 'Audience' })
      .getByLabel(/#regulars/)
      .check();
    await expectText(() => page.getByTestId('preview-recipients').innerText(), /^2$/);

    await page.getByLabel('Schedule for (Karachi time, optional)').fill(karachiLocalInAnHour());
    await expectText(() => page.getByTestId('schedule-quiet-hours').innerText(), /quiet hours.*wait until/i);

    await page.getByRole('button', { name: 'Send now' }).click();
    const confirm = page.getByTestId('confirm-send');
    await expectText(() => confirm.innerText(), 'Send now to 2 recipients');
    await expectText(() => confirm.innerText(), /quiet hours.*wait until/i);
    // Transactional messages are not held: the confirmation no longer mentions quiet hours.
    await confirm.getByRole('button', { name: 'Not yet' }).click();
    await page.getByLabel(/^Transactional/).check();
    await page.getByRole('button', { name: 'Send now' }).click();
    await expectText(() => page.getByTestId('confirm-send').innerText(), 'Send now to 2 recipients');
    expect(await page.getByTestId('confirm-send').innerText()).not.toMatch(/quiet hours/i);
    await page.getByTestId('confirm-send').getByRole('button', { name: 'Not yet' }).click();

    const created = await suite.api.ok<{ campaign: { id: number } }>('POST', '/api/campaigns', {
      json: { name: 'Schedule me', template: 'Hello', type: 'text', tags: ['regulars'], transactional: false },
    });
    await page.goto(`/campaigns/${created.campaign.id}`);
    await page.getByRole('heading', { name: 'Schedule me', level: 1 }).waitFor();
    await page.getByLabel('Schedule for (Karachi time)').fill(karachiLocalInAnHour());
    await expectText(() => page.getByTestId('schedule-quiet-hours').innerText(), /quiet hours.*wait until/i);
  });
});
