import { describe, expect, it } from 'vitest';
import { bulkItem, call, SENDER, sendBulk, simulators } from './test-support/http.js';

const start = simulators();
const numbers = (count: number) => Array.from({ length: count }, (_, i) => 923001000001 + i);

describe('POST sms/send-bulk-messages', () => {
  it('creates one record per item, from the default sender id, never answered in the input order', async () => {
    const sim = await start();
    const contacts = numbers(10);
    const answer = await sendBulk(
      sim,
      contacts.map((contact) => bulkItem(contact, `Hello ${contact}`)),
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ status: 'success', message: null });
    const records: { to: string; message: string; from: string; status: string; uid: string }[] = answer.json.data;
    expect(records.map((r) => r.to)).not.toEqual(contacts.map(String));
    expect(records.map((r) => r.to).sort()).toEqual(contacts.map(String).sort());
    for (const record of records) {
      expect(record).toMatchObject({ from: SENDER, status: 'Delivered', message: `Hello ${record.to}` });
      expect(record.uid).toMatch(/^[0-9a-f]{13}$/);
    }
    // Stored in the order sent, whatever the answer's order.
    expect(sim.outbound().map((r) => r.to)).toEqual(contacts.map(String));
  });

  it('never answers two items in their input order', async () => {
    const sim = await start();
    for (let i = 0; i < 5; i++) {
      const records = (await sendBulk(sim, [bulkItem(923001000001, 'first'), bulkItem(923001000002, 'second')])).json.data;
      expect(records.map((r: { message: string }) => r.message)).toEqual(['second', 'first']);
    }
  });

  it('ignores items missing a field or with an unknown type, leaving no record', async () => {
    const sim = await start();
    const answer = await sendBulk(sim, [
      bulkItem(923001000001, 'kept'),
      { message: 'no contact', type: 'text' },
      { contact: 923001000002, type: 'text' },
      { contact: 923001000003, message: 'no type' },
      { contact: 923001000004, message: '', type: 'text' },
      { contact: null, message: 'null contact', type: 'text' },
      { contact: 923001000005, message: 'video', type: 'video' },
      { contact: true, message: 'bool contact', type: 'text' },
      'not an object',
    ]);
    expect(answer.json.data).toHaveLength(1);
    expect(sim.records().map((r) => r.message)).toEqual(['kept']);
  });

  it('sends image items as mms, one part each', async () => {
    const sim = await start();
    const [record] = (await sendBulk(sim, [bulkItem(923001000001, 'http://via.placeholder.com/400', 'image')])).json.data;
    expect(record).toMatchObject({ sms_type: 'mms', sms_count: 1, message: 'http://via.placeholder.com/400' });
  });

  it('takes a contact written as a string of digits', async () => {
    const sim = await start();
    const records = (await sendBulk(sim, [{ contact: '923001000001', message: 'hi', type: 'text' }])).json.data;
    expect(records[0].to).toBe('923001000001');
  });

  it('keeps invalid and blacklisted numbers as records whose status is the refusal, at no cost', async () => {
    const sim = await start({ blacklist: ['923001000002'], deliveryDelayMs: 0 });
    const records: { to: string; status: string; cost: string }[] = (
      await sendBulk(sim, [bulkItem(923001000001), bulkItem(923001000002), bulkItem(12345)])
    ).json.data;
    const byNumber = Object.fromEntries(records.map((r) => [r.to, r]));
    expect(byNumber['923001000001']).toMatchObject({ status: 'Delivered', cost: '1.00' });
    expect(byNumber['923001000002']).toMatchObject({ status: 'Number contains in the blacklist', cost: '0.00' });
    expect(byNumber['12345']).toMatchObject({ status: '12345 is a invalid phone number', cost: '0.00' });
    // The refusal is final: reading it back shows the same text.
    expect(sim.sentTo('923001000002')[0]?.status).toBe('Number contains in the blacklist');
  });

  it('accepts 50 items and refuses 51 with a validation error, storing nothing', async () => {
    const sim = await start();
    expect(
      (
        await sendBulk(
          sim,
          numbers(50).map((n) => bulkItem(n)),
        )
      ).json.data,
    ).toHaveLength(50);
    const refused = await sendBulk(
      sim,
      numbers(51).map((n) => bulkItem(n)),
    );
    expect(refused.status).toBe(200);
    expect(refused.json).toEqual({ status: 'error', message: 'Maximum 50 objects are allowed per request.', data: null });
    expect(sim.records()).toHaveLength(50);
  });

  it.each([{ contact: 923001000001, message: 'hi', type: 'text' }, 'text', '{broken'])(
    'answers a validation error when the body is not an array: %j',
    async (body) => {
      const sim = await start();
      const answer = await call(sim, 'sms/send-bulk-messages', { body });
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ status: 'error', message: 'The request body must be a JSON array of message objects.', data: null });
    },
  );

  it('answers an empty array with no records', async () => {
    const sim = await start();
    expect((await sendBulk(sim, [])).json).toEqual({ status: 'success', message: null, data: [] });
  });

  it('refuses the whole call with HTTP 403 when the balance is short, storing nothing', async () => {
    const sim = await start({ balance: 4 });
    const answer = await sendBulk(sim, [
      bulkItem(923001000001, 'a'.repeat(200)),
      bulkItem(923001000002, 'a'.repeat(200)),
      bulkItem(923001000003),
    ]);
    expect(answer.status).toBe(403);
    expect(answer.json.message).toBe('You do not have sufficient sms unit to send message');
    expect(sim.records()).toHaveLength(0);
    // Refused items cost nothing, so they do not count against the balance.
    const fits = await sendBulk(sim, [bulkItem(923001000001, 'a'.repeat(200)), bulkItem(923001000002, 'a'.repeat(200)), bulkItem(1)]);
    expect(fits.json.data).toHaveLength(3);
  });

  it('answers { total } with bulkAnswer count', async () => {
    const sim = await start({ bulkAnswer: 'count' });
    const answer = await sendBulk(sim, [bulkItem(923001000001), bulkItem(923001000002), { contact: 923001000003 }]);
    expect(answer.json).toEqual({ status: 'success', message: null, data: { total: 2 } });
    expect(sim.records()).toHaveLength(2);
  });

  it('answers only a message with bulkAnswer message', async () => {
    const sim = await start({ bulkAnswer: 'message' });
    const answer = await sendBulk(sim, [bulkItem(923001000001)]);
    expect(answer.json).toEqual({ status: 'success', message: 'Messages are queued for delivery.', data: null });
    expect(sim.records()).toHaveLength(1);
  });
});
