import { describe, expect, it } from 'vitest';
import { call, sendOne, SENDER, simulators } from './test-support/http.js';

const start = simulators();
const UID = /^[0-9a-f]{13}$/;

describe('POST sms/send', () => {
  it('answers one record, status "Delivered" and message null, and stores it', async () => {
    const sim = await start();
    const answer = await sendOne(sim, '923001234567', 'Your order is ready');
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ status: 'success', message: null });
    const record = answer.json.data;
    expect(record).toMatchObject({
      to: '923001234567',
      from: SENDER,
      message: 'Your order is ready',
      sms_type: 'plain',
      status: 'Delivered',
      sms_count: 1,
      cost: '1.00',
      send_by: 'from',
    });
    expect(record.uid).toMatch(UID);
    expect(new Date(record.created_at).toISOString()).toBe(record.created_at);
    expect(record.updated_at).toBe(record.created_at);
    expect(sim.sentTo('923001234567').map((r) => r.uid)).toEqual([record.uid]);
  });

  it('marks Urdu as unicode and counts its parts at 70/67 characters', async () => {
    const sim = await start();
    const urdu = 'آپ کا آرڈر تیار ہے۔ کیفے ڈی ریونیو آنے کا شکریہ! '.repeat(2);
    expect(urdu.length).toBeGreaterThan(70);
    const record = (await sendOne(sim, '923001234567', urdu)).json.data;
    expect(record).toMatchObject({ sms_type: 'unicode', sms_count: 2, cost: '2.00' });
  });

  it('counts a long GSM text in 153-character parts', async () => {
    const sim = await start();
    const record = (await sendOne(sim, '923001234567', 'a'.repeat(307))).json.data;
    expect(record).toMatchObject({ sms_type: 'plain', sms_count: 3, cost: '3.00' });
  });

  it('gives every record its own uid', async () => {
    const sim = await start();
    const uids = new Set<string>();
    for (let i = 0; i < 30; i++) uids.add((await sendOne(sim, `92300123456${i % 10}`)).json.data.uid);
    expect(uids.size).toBe(30);
  });

  it('answers an array with "Message is scheduled successfully." for comma-separated recipients', async () => {
    const sim = await start();
    const answer = await sendOne(sim, '923001234567, 923001234568');
    expect(answer.json.status).toBe('success');
    expect(answer.json.message).toBe('Message is scheduled successfully.');
    expect(answer.json.data.map((r: { to: string }) => r.to)).toEqual(['923001234567', '923001234568']);
    expect(sim.outbound()).toHaveLength(2);
  });

  it.each([
    [{ sender_id: SENDER, message: 'hi' }, 'The recipient field is required.'],
    [{ recipient: '  ', sender_id: SENDER, message: 'hi' }, 'The recipient field is required.'],
    [{ recipient: ',', sender_id: SENDER, message: 'hi' }, 'The recipient field is required.'],
    [{ recipient: { a: 1 }, sender_id: SENDER, message: 'hi' }, 'The recipient must be a string.'],
    [{ recipient: '923001234567', message: 'hi' }, 'The sender id field is required.'],
    [{ recipient: '923001234567', sender_id: 7, message: 'hi' }, 'The sender id must be a string.'],
    [{ recipient: '923001234567', sender_id: SENDER }, 'The message field is required.'],
    [{ recipient: '923001234567', sender_id: SENDER, message: null }, 'The message field is required.'],
    [{ recipient: '923001234567', sender_id: SENDER, message: ['hi'] }, 'The message must be a string.'],
    [
      {
        recipient: Array.from({ length: 101 }, (_, i) => `9230012345${String(i).padStart(2, '0')}`).join(','),
        sender_id: SENDER,
        message: 'hi',
      },
      'Maximum 100 recipients are allowed per request.',
    ],
  ])('answers HTTP 200 with a validation error for %j', async (body, message) => {
    const sim = await start();
    const answer = await call(sim, 'sms/send', { body });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: 'error', message, data: null });
    expect(sim.records()).toHaveLength(0);
  });

  it('reads a body that is not JSON as no body at all', async () => {
    const sim = await start();
    for (const options of [{ body: '{"recipient": ' }, { body: '' }, { body: 'recipient=1', contentType: 'text/plain' }]) {
      const answer = await call(sim, 'sms/send', { method: 'POST', ...options });
      expect(answer.status).toBe(200);
      expect(answer.json.message).toBe('The recipient field is required.');
    }
  });

  it('takes a recipient written as a JSON number', async () => {
    const sim = await start();
    const answer = await call(sim, 'sms/send', { body: { recipient: 923001234567, sender_id: SENDER, message: 'hi' } });
    expect(answer.json.data.to).toBe('923001234567');
  });

  it.each(['92300', '9230012345678901', '+923001234567', '0300-1234567'])(
    'refuses %s with HTTP 403 as an invalid number',
    async (phone) => {
      const sim = await start();
      const answer = await sendOne(sim, phone);
      expect(answer.status).toBe(403);
      expect(answer.json).toEqual({ status: 'error', message: `${phone} is a invalid phone number`, data: null });
      expect(sim.records()).toHaveLength(0);
    },
  );

  it('refuses an unauthorised sender id with HTTP 403', async () => {
    const sim = await start({ senderIds: ['Cafe de Revenue', 'CafeDR'] });
    expect((await sendOne(sim, '923001234567', 'hi', 'CafeDR')).json.status).toBe('success');
    const answer = await sendOne(sim, '923001234567', 'hi', 'Other Cafe');
    expect(answer.status).toBe(403);
    expect(answer.json.message).toBe('Originator Other Cafe is not authorized');
  });

  it('refuses a blacklisted number with HTTP 403, the whole call when one of several is', async () => {
    const sim = await start({ blacklist: ['+923001111111'] });
    const single = await sendOne(sim, '923001111111');
    expect(single.status).toBe(403);
    expect(single.json.message).toBe('Number contains in the blacklist');
    const several = await sendOne(sim, '923001234567,923001111111');
    expect(several.status).toBe(403);
    expect(sim.records()).toHaveLength(0);
  });

  it('refuses a send its balance cannot pay for, and takes parts from the balance', async () => {
    const sim = await start({ balance: 3 });
    expect((await sendOne(sim, '923001234567', 'a'.repeat(200))).json.data.sms_count).toBe(2);
    const refused = await sendOne(sim, '923001234567', 'a'.repeat(200));
    expect(refused.status).toBe(403);
    expect(refused.json.message).toBe('You do not have sufficient sms unit to send message');
    expect((await sendOne(sim, '923001234567', 'one part')).json.status).toBe('success');
    expect((await sendOne(sim, '923001234567', 'one more')).status).toBe(403);
    expect(sim.records()).toHaveLength(2);
    sim.setOptions({ balance: undefined });
    expect((await sendOne(sim, '923001234567', 'unlimited now')).json.status).toBe('success');
  });
});
