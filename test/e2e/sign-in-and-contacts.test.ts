/**
 * Browser journeys of a new user: signing in (sandbox banner everywhere), importing a CSV of
 * customers and finding one, and the dashboard on a phone.
 */
import { describe, expect, it } from 'vitest';
import {
  customersCsv,
  expectSandboxBanner,
  expectText,
  horizontalOverflow,
  internationalPhone,
  openFromMenu,
  signIn,
  skipWithoutChromium,
  useDashboardSuite,
  type Customer,
} from './support/index.js';
import { phoneForStaff } from '../../src/sms/phone-for-staff.js';

const SUITE = 'e2e: sign-in, contacts, phone layout';

const NAMES = [
  'Ayesha Khan',
  'Bilal Ahmed',
  'Fatima Malik',
  'Hamza Qureshi',
  'Hina Shah',
  'Imran Butt',
  'Kiran Iqbal',
  'Mahnoor Ali',
  'Nadia Hussain',
  'Omar Farooq',
  'Rabia Siddiqui',
  'Saad Chaudhry',
  'Sana Mirza',
  'Tariq Javed',
  'Usman Raza',
  'Waqas Anwar',
  'Yasir Nawaz',
  'Zainab Rehman',
  'Ali Hassan',
  'Maryam Aslam',
];

/** 20 good customers: every one tagged, every third also #vip. */
const GOOD: Customer[] = NAMES.map((name, i) => ({
  phone: `0321 55500${String(i + 11).padStart(2, '0')}`,
  name,
  tags: i % 3 === 0 ? ['regulars', 'vip'] : ['regulars'],
}));

/** Lines 1 (header) … 23: the bad rows sit on lines 7 and 16 of the file. */
const CSV = customersCsv([
  ...GOOD.slice(0, 5),
  '12345,Wrong Number,regulars',
  ...GOOD.slice(5, 13),
  ',No Number,regulars',
  ...GOOD.slice(13),
]);

describe.skipIf(skipWithoutChromium(SUITE))(SUITE, { timeout: 60_000 }, () => {
  const suite = useDashboardSuite();
  const openPage = (viewport?: { width: number; height: number }) => suite.openPage(viewport ? { viewport } : {});

  it('refuses a wrong password, signs in with the right one, and shows the sandbox banner on every page', async () => {
    const page = await openPage();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectSandboxBanner(page);

    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectText(() => page.getByTestId('sign-in-error').innerText(), 'Wrong username or password');
    expect(await page.getByLabel('Password').inputValue()).toBe('');

    await signIn(page);
    expect(await page.getByTestId('signed-in-user').innerText()).toBe('admin');
    await expectSandboxBanner(page);
    await expectText(() => page.locator('main').innerText(), 'Cafe de Revenue');

    for (const label of ['Contacts', 'Campaigns', 'Messages', 'Inbox', 'Settings', 'Overview']) {
      await openFromMenu(page, label);
      await expectSandboxBanner(page);
    }
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
    await expectSandboxBanner(page);

    // The session survives a reload (cookie), and signing out ends it.
    await page.reload();
    await page.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectSandboxBanner(page);
  });

  it('imports a CSV, shows the counts and every rejected line with its reason, and finds a contact', async () => {
    const page = await openPage();
    await signIn(page);
    await openFromMenu(page, 'Contacts');
    await page.getByRole('button', { name: 'Import CSV' }).click();
    await page.getByLabel('CSV file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();

    await expectText(() => page.getByTestId('import-summary').innerText(), /20 new, 0 updated, 0 merged, 2 rejected/);
    const rejected = page.getByTestId('import-rejected').locator('tbody tr');
    expect(await rejected.count()).toBe(2);
    const [first, second] = await rejected.allInnerTexts();
    expect(first).toMatch(/^7\s/);
    expect(first).toContain('12345');
    expect(second).toMatch(/^16\s/);
    expect(second).toMatch(/missing phone/i);
    await expectSandboxBanner(page);

    // The list and the tag counts now hold what was imported.
    const table = page.getByTestId('contacts-table');
    await expectText(() => table.innerText(), 'Maryam Aslam');
    expect(await table.locator('tbody tr').count()).toBe(20);
    const tagFilter = page.getByRole('group', { name: 'Tags (any of)' });
    await expectText(() => tagFilter.innerText(), /#regulars\s*20/);
    await expectText(() => tagFilter.innerText(), /#vip\s*7/);

    await page.getByLabel('Search').fill('Zainab');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(1);
    const zainab = GOOD.find((customer) => customer.name === 'Zainab Rehman')!;
    const row = table.locator('tbody tr').first();
    expect(await row.innerText()).toContain(phoneForStaff(internationalPhone(zainab.phone)));
    expect(await row.innerText()).toContain('Subscribed');

    // Staff opt Zainab out; deleting her then warns that the opt-out would be forgotten.
    await page.getByRole('button', { name: 'Opt out Zainab Rehman' }).click();
    await expectText(() => row.innerText(), 'Opted out');
    await page.getByRole('button', { name: 'Delete Zainab Rehman' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete Zainab Rehman?' });
    await expectText(() => confirm.innerText(), 'They opted out: deleting forgets that');
    await confirm.getByRole('button', { name: 'Yes, delete and forget the opt-out' }).click();
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(0);

    // A number is found by its local spelling too.
    await page.getByLabel('Search').fill('5550011');
    await expectText(() => table.locator('tbody tr').first().innerText(), 'Ayesha Khan');
  });

  it('fits a phone screen: the overview and the folded menu scroll only vertically', async () => {
    const page = await openPage({ width: 375, height: 740 });
    await signIn(page);
    await expectSandboxBanner(page);
    await page.getByTestId('worker-status').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    const nav = page.getByRole('navigation', { name: 'Main' });
    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await nav.getByRole('link', { name: 'Contacts' }).isVisible()).toBe(false);
    await menu.click();
    await nav.getByRole('link', { name: 'Contacts' }).waitFor({ state: 'visible' });
    expect(await page.getByRole('button', { name: 'Close' }).getAttribute('aria-expanded')).toBe('true');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await nav.getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
    // Following a link folds the menu away again.
    await nav.getByRole('link', { name: 'Contacts' }).waitFor({ state: 'hidden' });
    await expectSandboxBanner(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });
});
