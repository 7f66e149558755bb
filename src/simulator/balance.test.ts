import { describe, expect, it } from 'vitest';
import { formatRemainingBalance } from './balance.js';
import { bulkItem, call, sendBulk, sendOne, simulators } from './test-support/http.js';

const start = simulators();

describe('GET balance', () => {
  it('answers the SMS units left as the platform formats them, going down with each accepted part', async () => {
    const sim = await start({ balance: 1234 });
    const answer = await call(sim, 'balance');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: 'success', message: null, data: { remaining_balance: '1,234' } });
    await sendOne(sim, '923001234567', 'a'.repeat(200));
    await sendBulk(sim, [bulkItem(923001000001), bulkItem(923001000002)]);
    expect((await call(sim, 'balance/')).json.data.remaining_balance).toBe('1,230');
    expect(sim.remainingBalance()).toBe(1230);
  });

  it('answers "Unlimited" without a balance, and follows setOptions and reset', async () => {
    const sim = await start();
    expect((await call(sim, 'balance')).json.data).toEqual({ remaining_balance: 'Unlimited' });
    expect(sim.remainingBalance()).toBeUndefined();
    sim.setOptions({ balance: 2 });
    await sendOne(sim, '923001234567');
    expect((await call(sim, 'balance')).json.data.remaining_balance).toBe('1');
    sim.reset();
    expect((await call(sim, 'balance')).json.data.remaining_balance).toBe('2');
  });

  it("refuses a send once the units run out with the platform's own words, and says 0 left", async () => {
    const sim = await start({ balance: 1 });
    expect((await sendOne(sim, '923001234567')).status).toBe(200);
    const refused = await sendOne(sim, '923001234567');
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({ status: 'error', message: 'You do not have sufficient sms unit to send message', data: null });
    expect((await call(sim, 'balance')).json.data.remaining_balance).toBe('0');
  });

  it('checks the token and takes faults like the other calls', async () => {
    const sim = await start({ balance: 5 });
    expect((await call(sim, 'balance', { token: 'wrong' })).json).toEqual({ status: 'error', message: 'Unauthenticated.', data: null });
    sim.injectFaults({ kind: 'http_503', on: 'balance' });
    expect((await call(sim, 'balance')).status).toBe(503);
    sim.injectFaults({ kind: 'unexpected_shape', on: 'balance' });
    expect((await call(sim, 'balance')).json.data).toEqual({ foo: 1 });
    expect(sim.stats().byOperation.balance).toBe(3);
  });

  it('formats thousands and fractions of a unit', () => {
    expect(formatRemainingBalance(0)).toBe('0');
    expect(formatRemainingBalance(1_234_567)).toBe('1,234,567');
    expect(formatRemainingBalance(12.5)).toBe('12.5');
    expect(formatRemainingBalance(undefined)).toBe('Unlimited');
  });
});
