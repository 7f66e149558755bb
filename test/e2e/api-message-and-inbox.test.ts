/**
 * A till system sending an order update through the HTTP API (Bearer key, Idempotency-Key) that
 * staff then find in the Messages log; and a customer's STOP reply, simulated from the Inbox.
 */
import { describe, expect, it } from 'vitest';
import {
  createApiClient,
  expectSandboxBanner,
  expectText,
  internationalPhone,
  openFromMenu,
  skipWithoutChromium,
  useDashboardSuite,
} from './support/index.js';
import { phoneForStaff } from '../../src/sms/phone-for-staff.js';

const SUITE = 'e2e: API message in the log, STOP from the inbox';

interface MessageAnswer {
  message: { id: number; phone: string; body: string; state: string };
}

describe.skipIf(skipWithoutChromium(SUITE))(SUITE, { timeout: 60_000 }, () => {
  const suite = useDashboardSuite();

  it('sends a transactional SMS once through the API despite a retry, and staff find it in the Messages log', async () => {
    const phone = '0345 6780012';
    const order = { phone, message: 'Your order #42 is ready at the counter. Cafe de Revenue' };
    const headers = { 'idempotency-key': 'till-7-order-42-ready' };

    const first = await suite.api.request<MessageAnswer>('POST', '/api/messages', { json: order, headers });
    expect(first.status).toBe(202);
    expect(first.body.message).toMatchObject({ phone: internationalPhone(phone), body: order.message });
    const replay = await suite.api.request<MessageAnswer>('POST', '/api/messages', { json: order, headers });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.message.id).toBe(first.body.message.id);
    const reused = await suite.api.request<{ code: string }>('POST', '/api/messages', {
      json: { ...order, message: 'Order #43 is ready' },
      headers,
    });
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('conflict');

    // Machines without a valid key are turned away.
    const anonymous = await fetch(new URL('/api/messages', suite.server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(order),
    });
    expect(anonymous.status).toBe(401);
    const wrongKey = await createApiClient(suite.server.url, 'csk_not-a-real-key').request('POST', '/api/messages', { json: order });
    expect(wrongKey.status).toBe(401);

    // Another customer's order, which the phone filter must leave out.
    await suite.api.ok('POST', '/api/messages', { json: { phone: '0345 6780055', message: 'Your order #41 is ready' } });

    const page = await suite.signedInPage();
    await openFromMenu(page, 'Messages');
    const rows = page.getByTestId('messages-table').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    await expectSandboxBanner(page);
    await page.getByLabel('Phone', { exact: true }).fill(phone);
    await page.waitForURL(/[?&]phone=/);
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    const row = rows.first();
    expect(await row.getAttribute('data-testid')).toBe(`message-${first.body.message.id}`);
    const text = await row.innerText();
    expect(text).toContain(phoneForStaff(internationalPhone(phone)));
    expect(text).toContain(order.message);
    expect(text).toContain('One-off');
    await expectText(() => row.getByTestId('message-stage').innerText(), /^(Waiting|Sent to the gateway|Delivered)$/);
  });

  it('shows a simulated STOP reply as an opt-out in the inbox and on the contact', async () => {
    const customer = { phone: '0345 6780013', name: 'Rabia Siddiqui', tags: ['regulars'] };
    await suite.api.ok('POST', '/api/contacts', { json: customer });

    const page = await suite.signedInPage();
    await openFromMenu(page, 'Inbox');
    await expectSandboxBanner(page);
    const form = page.getByRole('form', { name: 'Simulate a customer reply' });
    await form.getByLabel('From phone').fill(customer.phone);
    await form.getByLabel('Message', { exact: true }).fill('STOP');
    await form.getByRole('button', { name: 'Simulate reply' }).click();
    await expectText(() => page.getByTestId('simulate-success').innerText(), 'the customer is now opted out');

    // The inbox writes numbers as staff do (phoneForStaff): 0345-6780013.
    const item = page.getByTestId('inbox-list').locator('li').filter({ hasText: '0345-6780013' });
    await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(1);
    const shown = await item.innerText();
    expect(shown).toContain('STOP');
    expect(shown).toContain('Opted out');
    expect(shown).not.toContain('Not a saved contact');

    await openFromMenu(page, 'Contacts');
    await page.getByLabel('Status').selectOption('opted-out');
    const table = page.getByTestId('contacts-table');
    await expectText(() => table.innerText(), customer.name);
    expect(await table.locator('tbody tr').count()).toBe(1);
    const row = table.locator('tbody tr').first();
    expect(await row.innerText()).toContain('Opted out');
    expect(await row.getByRole('button', { name: `Opt in ${customer.name}` }).isVisible()).toBe(true);
  });
});
