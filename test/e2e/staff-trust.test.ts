/**
 * Issue 13, "Staff can trust what they see": opting a customer back in always asks why and shows
 * the consent history; a double tap on "Opt out" never re-subscribes; the inbox is a conversation
 * staff reply in; an admin manages staff from Settings. On a phone (390×844) and a laptop.
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  expectText,
  horizontalOverflow,
  internationalPhone,
  openFromMenu,
  signIn,
  skipWithoutChromium,
  UI_TIMEOUT_MS,
  useDashboardSuite,
} from './support/index.js';

const SUITE = 'e2e: consent, inbox conversation, staff management';
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 900 };

interface ContactAnswer {
  id: number;
  optedOut: boolean;
}

interface ConsentAnswer {
  items: Array<{ change: string; source: string; actor: string | null; reason: string | null }>;
}

/** With E2E_SCREENSHOTS=<folder>, pages are saved there to look at how they read. */
/** expect.poll with the dashboard's generous wait (it refreshes on timers; CI has 2 cores). */
const POLL = { timeout: UI_TIMEOUT_MS, interval: 100 };

async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env.E2E_SCREENSHOTS;
  if (!folder) return;
  await mkdir(folder, { recursive: true });
  await page.screenshot({ path: `${folder}/${name}.png`, fullPage: true });
}

describe.skipIf(skipWithoutChromium(SUITE))(SUITE, { timeout: 90_000 }, () => {
  const suite = useDashboardSuite();

  async function signedIn(viewport: { width: number; height: number }): Promise<Page> {
    const page = await suite.openPage({ viewport });
    await signIn(page);
    return page;
  }

  /** A customer who replied STOP (through the sandbox, as a real reply arrives). */
  async function customerWhoSaidStop(phone: string, name: string): Promise<ContactAnswer> {
    const contact = await suite.api.ok<ContactAnswer>('POST', '/api/contacts', { json: { phone, name } });
    await suite.api.ok('POST', '/api/sandbox/inbound', { json: { phone, message: 'STOP' } });
    return contact;
  }

  async function findContact(page: Page, name: string) {
    // By address rather than the menu, which a phone folds away.
    await page.goto('/contacts');
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
    await page.getByLabel('Search').fill(name);
    const rows = page.getByTestId('contacts-table').locator('tbody tr');
    await expect.poll(() => rows.count(), POLL).toBe(1);
    return rows.first();
  }

  it('asks why before opting a customer back in, and shows the consent history (phone)', async () => {
    const contact = await customerWhoSaidStop('0333 4440011', 'Nadia Hussain');
    const page = await signedIn(PHONE);
    const row = await findContact(page, 'Nadia Hussain');
    await expectText(() => row.innerText(), 'Opted out');

    await row.getByRole('button', { name: 'Opt in Nadia Hussain…' }).click();
    const panel = page.getByRole('alertdialog', { name: 'Opt Nadia Hussain back in?' });
    await expectText(() => panel.innerText(), 'Replied "STOP"');
    await panel.getByRole('button', { name: 'Opt back in' }).click();
    await expectText(() => panel.innerText(), 'Say why they are opted back in');
    await screenshot(page, 'opt-in-question-phone');
    expect((await suite.api.ok<ContactAnswer>('GET', `/api/contacts/${contact.id}`)).optedOut).toBe(true);

    await panel.getByLabel('Why? (required)').fill('asked at the counter');
    await panel.getByRole('button', { name: 'Opt back in' }).click();
    await expectText(() => row.innerText(), 'Subscribed');
    const history = page.getByTestId(`consent-history-${contact.id}`);
    await expectText(() => history.innerText(), /Opted in.*by staff \(admin\).*“asked at the counter”/s);
    await expectText(() => history.innerText(), /Opted out.*by customer’s reply.*Replied "STOP"/s);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'consent-history-phone');

    const recorded = await suite.api.ok<ConsentAnswer>('GET', `/api/contacts/${contact.id}/consent`);
    expect(recorded.items.map((event) => [event.change, event.source, event.actor, event.reason])).toEqual([
      ['opt_out', 'inbound', null, 'Replied "STOP"'],
      ['opt_in', 'dashboard', 'admin', 'asked at the counter'],
    ]);
  });

  it('never re-subscribes on a double tap of "Opt out" (laptop)', async () => {
    const quick = await suite.api.ok<ContactAnswer>('POST', '/api/contacts', { json: { phone: '0333 4440022', name: 'Omar Farooq' } });
    const page = await signedIn(LAPTOP);
    const row = await findContact(page, 'Omar Farooq');

    // The reported case: a tap, and a second one 350 ms later on the same spot.
    const optOut = row.getByRole('button', { name: 'Opt out Omar Farooq' });
    const box = await optOut.boundingBox();
    if (box === null) throw new Error('the Opt out button is not on screen');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForTimeout(350);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expectText(() => row.innerText(), 'Opted out');
    // "Opt back in…" comes back once its pause is over, and nothing was asked or changed meanwhile.
    await expect.poll(() => row.getByRole('button', { name: 'Opt in Omar Farooq…' }).isEnabled(), POLL).toBe(true);
    expect(await page.getByRole('alertdialog').count()).toBe(0);

    // A real double click, too.
    const dana = await suite.api.ok<ContactAnswer>('POST', '/api/contacts', { json: { phone: '0333 4440033', name: 'Dana Aslam' } });
    const danaRow = await findContact(page, 'Dana Aslam');
    await danaRow.getByRole('button', { name: 'Opt out Dana Aslam' }).dblclick();
    await expectText(() => danaRow.innerText(), 'Opted out');
    await expect.poll(() => danaRow.getByRole('button', { name: 'Opt in Dana Aslam…' }).isEnabled(), POLL).toBe(true);
    expect(await page.getByRole('alertdialog').count()).toBe(0);

    for (const id of [quick.id, dana.id]) {
      expect((await suite.api.ok<ContactAnswer>('GET', `/api/contacts/${id}`)).optedOut).toBe(true);
      const history = await suite.api.ok<ConsentAnswer>('GET', `/api/contacts/${id}/consent`);
      expect(history.items.map((event) => event.change)).toEqual(['opt_out']);
    }
  });

  it('lets staff reply from the inbox and read the thread both ways, and save an unknown sender (phone)', async () => {
    await suite.api.ok('POST', '/api/contacts', { json: { phone: '0301 2223344', name: 'Ayesha Khan' } });
    await suite.api.ok('POST', '/api/sandbox/inbound', { json: { phone: '0301 2223344', message: 'Is the cafe open on Sunday?' } });
    await suite.api.ok('POST', '/api/sandbox/inbound', { json: { phone: '0302 9998877', message: 'Do you deliver to DHA?' } });

    const page = await signedIn(PHONE);
    await page.goto('/inbox');
    await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    const ayeshaItem = page.getByTestId('inbox-list').locator('li').filter({ hasText: 'Is the cafe open on Sunday?' });
    await expectText(() => ayeshaItem.innerText(), /Ayesha Khan\s+0301-2223344/);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'inbox-phone');

    await ayeshaItem.getByRole('link', { name: 'Reply to Ayesha Khan' }).click();
    const title = page.getByRole('heading', { level: 1 });
    await expectText(() => title.innerText(), /Ayesha Khan\s+0301-2223344/);
    const reply = page.getByRole('form', { name: 'Reply' });
    await reply.getByLabel('Reply').fill('Yes, from 9 am to 11 pm!');
    await reply.getByRole('button', { name: 'Send reply' }).click();
    const thread = page.getByTestId('thread');
    await expect.poll(() => thread.locator('li').count(), POLL).toBe(2);
    expect(await reply.getByLabel('Reply').inputValue()).toBe('');

    await suite.api.ok('POST', '/api/sandbox/inbound', { json: { phone: '0301 2223344', message: 'Great, see you then' } });
    await expect.poll(() => thread.locator('li').count(), POLL).toBe(3);
    const entries = await thread.locator('li').allInnerTexts();
    expect(entries[0]).toMatch(/Is the cafe open on Sunday\?[\s\S]*Customer/);
    expect(entries[1]).toMatch(/Yes, from 9 am to 11 pm![\s\S]*Cafe/);
    expect(entries[2]).toMatch(/Great, see you then[\s\S]*Customer/);
    await expectText(
      () => thread.locator('li').nth(1).getByTestId('message-stage').innerText(),
      /^(Waiting|Sent to the gateway|Delivered)$/,
    );
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'conversation-phone');

    const sent = await suite.api.ok<{ items: Array<{ phone: string; body: string }> }>('GET', '/api/messages?phone=03012223344');
    expect(sent.items).toEqual([expect.objectContaining({ phone: internationalPhone('0301 2223344'), body: 'Yes, from 9 am to 11 pm!' })]);

    // The unknown sender is saved under a name from their conversation.
    await page.getByRole('link', { name: '← All messages' }).click();
    const unknownItem = page.getByTestId('inbox-list').locator('li').filter({ hasText: 'Do you deliver to DHA?' });
    await expectText(() => unknownItem.innerText(), 'Not a saved contact');
    await unknownItem.getByRole('link', { name: 'Reply to 0302-9998877' }).click();
    await expectText(() => title.innerText(), /Unknown sender\s+0302-9998877/);
    const save = page.getByRole('form', { name: 'Save as a contact' });
    await save.getByLabel('Not a saved contact: their name').fill('Bilal Ahmed');
    await save.getByRole('button', { name: 'Save contact' }).click();
    await expectText(() => title.innerText(), /Bilal Ahmed\s+0302-9998877/);
  });

  it('refuses a reply to a customer who opted out, saying why (laptop)', async () => {
    await customerWhoSaidStop('0303 5556677', 'Hina Shah');
    const page = await signedIn(LAPTOP);
    await page.goto(`/inbox?phone=${internationalPhone('0303 5556677')}`);
    const title = page.getByRole('heading', { level: 1 });
    await expectText(() => title.innerText(), /Hina Shah\s+0303-5556677/);
    await expectText(() => page.getByTestId('conversation-opted-out').innerText(), 'This customer opted out');
    expect(await page.getByRole('form', { name: 'Reply' }).count()).toBe(0);
  });

  it('lets an admin add staff, reset a password, remove them and revoke an API key from Settings (laptop and phone)', async () => {
    const oldKey = await suite.server.createApiKey('old-till');
    const page = await signedIn(LAPTOP);
    await openFromMenu(page, 'Settings');
    await page.getByTestId('staff-list').waitFor();
    const section = page.getByRole('region', { name: 'Staff' });
    await section.getByLabel('New username').fill('zara');
    await section.getByRole('button', { name: 'Add staff' }).click();
    const once = section.getByTestId('password-once');
    await expectText(() => once.innerText(), 'zara can sign in with this password');
    const first = await once.locator('code').innerText();
    expect(await canSignIn('zara', first)).toBe(true);
    const zara = section.getByTestId('staff-zara');
    await expectText(() => zara.innerText(), 'staff');
    // Nobody removes themself.
    expect(await section.getByTestId('staff-admin').getByRole('button', { name: 'Remove admin' }).count()).toBe(0);

    await zara.getByRole('button', { name: 'Reset the password of zara' }).click();
    await zara.getByRole('alertdialog').getByRole('button', { name: 'Yes, reset the password' }).click();
    await expectText(() => once.innerText(), 'zara’s new password');
    const second = await once.locator('code').innerText();
    expect(second).not.toBe(first);
    expect(await canSignIn('zara', first)).toBe(false);
    expect(await canSignIn('zara', second)).toBe(true);

    await page.setViewportSize(PHONE);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'staff-phone');

    await zara.getByRole('button', { name: 'Remove zara' }).click();
    await zara.getByRole('alertdialog').getByRole('button', { name: 'Yes, remove' }).click();
    await zara.waitFor({ state: 'detached' });
    expect(await canSignIn('zara', second)).toBe(false);

    const key = section.getByTestId('api-key-old-till');
    await expectText(() => key.innerText(), 'never used');
    await key.getByRole('button', { name: 'Revoke old-till' }).click();
    await key.getByRole('alertdialog').getByRole('button', { name: 'Yes, revoke' }).click();
    await expectText(() => key.innerText(), 'revoked');
    const refused = await fetch(new URL('/api/contacts', suite.server.url), { headers: { authorization: `Bearer ${oldKey}` } });
    expect(refused.status).toBe(401);
  });

  async function canSignIn(username: string, password: string): Promise<boolean> {
    const response = await fetch(new URL('/api/auth/login', suite.server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return response.status === 200;
  }
});
