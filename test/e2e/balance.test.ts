/**
 * The SMS balance on the dashboard, against a real `serve` in sandbox mode with SMS_UNIT_PRICE set:
 * the overview shows the units left and their value, and a low-balance notice below the admin's
 * level; a campaign that needs more units than the sandbox account has is warned about, in plain
 * words, before it is sent (the sandbox's units are set through the API, as an admin would).
 */
import { describe, expect, it } from 'vitest';
import { customersCsv, expectText, skipWithoutChromium, useDashboardSuite, type Customer } from './support/index.js';

const SUITE = 'e2e: SMS balance and cost';

/** Six regulars: a one-part message to them needs 6 SMS units. */
const CUSTOMERS: Customer[] = Array.from({ length: 6 }, (_, i) => ({
  phone: `0334 55501${String(i + 21)}`,
  name: `Customer ${i + 1}`,
  tags: ['regulars'],
}));

describe.skipIf(skipWithoutChromium(SUITE))(SUITE, { timeout: 90_000 }, () => {
  const suite = useDashboardSuite({
    env: { SMS_UNIT_PRICE: '1.5', QUIET_HOURS: 'off' },
    setup: async (api) => {
      await api.ok('POST', '/api/contacts/import', { csv: customersCsv(CUSTOMERS) });
    },
  });

  it('shows the units left and their value on the overview, and warns below the low-balance level', async () => {
    expect(await suite.api.ok('POST', '/api/sandbox/balance', { json: { units: 1200 } })).toEqual({ units: 1200 });
    const page = await suite.signedInPage();
    await page.goto('/');
    await expectText(() => page.getByTestId('balance-units').innerText(), '1,200 SMS units');
    await expectText(() => page.getByTestId('balance-value').innerText(), /Rs 1,800/);
    expect(await page.getByTestId('balance-low').count()).toBe(0);

    await suite.api.ok('PUT', '/api/settings', { json: { lowBalanceUnits: 5000 } });
    await page.reload();
    await expectText(() => page.getByTestId('balance-low').innerText(), /Low on SMS units: 1,200 left, below your warning level of 5,000/);
    await suite.api.ok('PUT', '/api/settings', { json: { lowBalanceUnits: null } });
  });

  it('warns in the compose preview and the send confirmation when the units run out part-way', async () => {
    await suite.api.ok('POST', '/api/sandbox/balance', { json: { units: 2 } });
    const page = await suite.signedInPage();
    await page.goto('/campaigns/new');
    await page.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
    await page.getByLabel('Campaign name').fill('Short of units');
    await page.getByTestId('template-editor').fill('Fresh parathas this morning');
    await page.getByRole('checkbox', { name: /transactional/i }).check();
    await page
      .getByRole('group', { name: 'Audience' })
      .getByLabel(/#regulars/)
      .check();
    await expectText(() => page.getByTestId('preview-recipients').innerText(), /^6$/);
    await expectText(() => page.getByTestId('preview-units').innerText(), /^6 · Rs 9\b/);
    await expectText(
      () => page.getByTestId('preview-shortfall').innerText(),
      'Enough SMS units for about 2 of 6 customers: top up before sending, or the rest will wait until you do.',
    );

    await page.getByRole('button', { name: 'Send now' }).click();
    const confirm = page.getByTestId('confirm-send');
    await expectText(() => confirm.innerText(), 'Send now to 6 recipients (6 SMS units · Rs 9)?');
    await expectText(() => confirm.getByTestId('confirm-send-shortfall').innerText(), /about 2 of 6 customers/);
    await expectText(
      () => confirm.getByTestId('confirm-send-shortfall').innerText(),
      'This campaign needs 6 SMS units · Rs 9; the account has 2 SMS units · Rs 3.',
    );
    // A warning, not a refusal: staff may still send, and the rest waits for a top-up.
    expect(await confirm.getByRole('button', { name: 'Yes, send now' }).isEnabled()).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('warns on the campaign page before "Send now", and not once the account is topped up', async () => {
    await suite.api.ok('POST', '/api/sandbox/balance', { json: { units: 0 } });
    const created = await suite.api.ok<{ campaign: { id: number } }>('POST', '/api/campaigns', {
      json: { name: 'Empty account', template: 'Hello {{first_name}}', type: 'text', tags: ['regulars'], transactional: true },
    });
    const page = await suite.signedInPage();
    await page.goto(`/campaigns/${created.campaign.id}`);
    await page.getByRole('heading', { name: 'Empty account', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Send now' }).click();
    const confirm = page.getByTestId('confirm-start');
    await expectText(
      () => confirm.getByTestId('confirm-start-shortfall').innerText(),
      /^The account has no SMS units left: top up before sending/,
    );
    await page.keyboard.press('Escape');

    await suite.api.ok('POST', '/api/sandbox/balance', { json: { units: null } });
    await page.reload();
    await page.getByRole('button', { name: 'Send now' }).click();
    await expectText(() => page.getByTestId('confirm-start').innerText(), /Send now to 6 recipients \(6 SMS units · Rs 9\)\?/);
    expect(await page.getByTestId('confirm-start-shortfall').count()).toBe(0);
  });
});
