/**
 * Composing and sending a campaign in Urdu from the dashboard, and watching it reach 100 % in the
 * sandbox. The sandbox simulator settles a number by its last digit: 0 → Undelivered, 9 → Expired,
 * anything else → Delivered (about 3 s after the send).
 */
import { describe, expect, it } from 'vitest';
import { customersCsv, expectSandboxBanner, expectText, skipWithoutChromium, useDashboardSuite, type Customer } from './support/index.js';

const SUITE = 'e2e: compose and send an Urdu campaign';

/** #regulars: five that will be delivered, one undelivered (…0), one expired (…9), one opted out. */
const REGULARS: Customer[] = [
  { phone: '0333 4440011', name: 'Ayesha Khan', tags: ['regulars'] },
  { phone: '0333 4440012', name: 'Bilal Ahmed', tags: ['regulars'] },
  { phone: '0333 4440013', name: 'Fatima Malik', tags: ['regulars'] },
  { phone: '0333 4440014', name: 'Hamza Qureshi', tags: ['regulars'] },
  { phone: '0333 4440015', name: 'Hina Shah', tags: ['regulars'] },
  { phone: '0333 4440020', name: 'Imran Butt', tags: ['regulars'] },
  { phone: '0333 4440029', name: 'Kiran Iqbal', tags: ['regulars'] },
  { phone: '0333 4440016', name: 'Omar Farooq', tags: ['regulars'] },
];
const OPTED_OUT = REGULARS[7]!;
/** Not in the audience. */
const VIPS: Customer[] = [
  { phone: '0333 4440017', name: 'Sana Mirza', tags: ['vip'] },
  { phone: '0333 4440018', name: 'Zainab Rehman', tags: ['vip'] },
];

const GREETING = 'السلام علیکم ';
const OFFER = '! آج شام کیفے ڈی ریونیو میں چائے اور سموسے آدھی قیمت پر۔ جلدی آئیں!';

describe.skipIf(skipWithoutChromium(SUITE))(SUITE, { timeout: 90_000 }, () => {
  const suite = useDashboardSuite({
    setup: async (api) => {
      await api.ok('POST', '/api/contacts/import', { csv: customersCsv([...REGULARS, ...VIPS]) });
      const found = await api.ok<{ items: Array<{ id: number }> }>('GET', `/api/contacts?search=${encodeURIComponent(OPTED_OUT.phone)}`);
      expect(found.items).toHaveLength(1);
      await api.ok('POST', `/api/contacts/${found.items[0]!.id}/opt-out`, { json: { reason: 'asked at the counter' } });
    },
  });

  it('counts SMS parts as the Urdu message is typed, previews it right-to-left, sends it and reaches 100 %', async () => {
    const page = await suite.signedInPage();
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
    await expectSandboxBanner(page);

    const counter = {
      characters: () => page.getByTestId('counter-characters').innerText(),
      // Behind the counter's "why?": staff see SMS parts; the encoding is the reason given there.
      encoding: async () => ((await page.getByTestId('counter-encoding').textContent()) ?? '').trim(),
      segments: () => page.getByTestId('counter-segments').innerText(),
    };
    await page.getByLabel('Campaign name').fill('Chai offer');
    // Transactional first: no opt-out line, so the counter measures only what is typed.
    await page.getByLabel(/^Transactional/).check();
    expect(await counter.encoding()).toBe('GSM-7');

    const editor = page.getByTestId('template-editor');
    await editor.pressSequentially(GREETING);
    await expectText(counter.encoding, 'UCS-2');
    await expectText(counter.characters, /^12 characters$/);
    await expectText(counter.segments, /^1 SMS part per message$/);

    await page.getByRole('button', { name: 'Insert placeholder name' }).click();
    // The insert lands and the caret is put back after a render: wait for it, then type at the end.
    await expectText(() => editor.inputValue(), new RegExp(`^${GREETING}\\{\\{name\\}\\}$`));
    await editor.press('Control+End');
    await editor.pressSequentially(OFFER);
    expect(await editor.inputValue()).toBe(`${GREETING}{{name}}${OFFER}`);
    // Rendered for the sample name "Ayesha Khan": 91 UCS-2 characters are two 67-character parts.
    await expectText(counter.characters, /^91 characters$/);
    await expectText(counter.segments, /^2 SMS parts per message$/);
    expect(await counter.encoding()).toBe('UCS-2');

    // Promotional: the opt-out line (50 characters on its own line, the Urdu sentence on one more) makes it 142, three parts.
    await page.getByLabel(/^Transactional/).uncheck();
    await expectText(counter.characters, /^142 characters$/);
    await expectText(counter.segments, /^3 SMS parts per message$/);

    const audience = page.getByRole('group', { name: 'Audience' });
    await expectText(() => audience.innerText(), /#regulars\s*8/);
    await expectText(() => audience.innerText(), /#vip\s*2/);
    await audience.getByLabel(/#regulars/).check();

    await expectText(() => page.getByTestId('preview-recipients').innerText(), /^7$/);
    await expectText(() => page.getByTestId('preview-excluded').innerText(), '1 opted out');
    await expectText(() => page.getByTestId('preview-units').innerText(), /^21\b/);
    const sample = page.getByTestId('preview-samples').locator('.sms-bubble').first();
    await expectText(() => sample.innerText(), 'جلدی آئیں!');
    const sampleText = await sample.innerText();
    expect(REGULARS.some((customer) => sampleText.includes(customer.name))).toBe(true);
    expect(sampleText).toContain('Reply STOP to opt out.');
    expect(sampleText).not.toContain('{{name}}');
    // Set by the message's first letter, as a phone reads it (each line inside is isolated in its own direction).
    expect(await sample.getAttribute('dir')).toBe('rtl');
    expect(await sample.evaluate((element) => element.matches(':dir(rtl)'))).toBe(true);
    expect(await sample.evaluate((element) => element.ownerDocument.defaultView?.getComputedStyle(element).direction)).toBe('rtl');

    await page.getByRole('button', { name: 'Send now' }).click();
    const confirm = page.getByTestId('confirm-send');
    await expectText(() => confirm.innerText(), 'Send now to 7 recipients (21 SMS units)?');
    await confirm.getByRole('button', { name: 'Yes, send now' }).click();

    await page.waitForURL(/\/campaigns\/\d+$/);
    await page.getByRole('heading', { name: 'Chai offer', level: 1 }).waitFor();
    await expectSandboxBanner(page);
    expect(await page.getByTestId('campaign-template').evaluate((element) => element.matches(':dir(rtl)'))).toBe(true);

    await expectText(() => page.getByTestId('progress-percent').innerText(), /^100%$/, 30_000);
    await expectText(() => page.getByTestId('state-badge').innerText(), /^completed$/);
    await expectText(() => page.getByTestId('settled-of-total').innerText(), /^7 of 7 messages done · 21 SMS units/);
    // Deliveries are reported about 3 s after the sends; the page refreshes every 5 s once completed.
    const count = (key: string) => async () => (await page.getByTestId(`count-${key}`).locator('.breakdown-count').innerText()).trim();
    await expectText(count('delivered'), /^5$/, 30_000);
    await expectText(count('failed'), /^2$/, 30_000);
    for (const key of ['accepted', 'pending', 'unknown', 'skipped', 'cancelled']) expect(await count(key)()).toBe('0');
    await expectText(() => page.getByTestId('settled-of-total').innerText(), /delivered rate 71%/);
  });
});
