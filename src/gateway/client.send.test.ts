import { describe, expect, it } from 'vitest';
import { clientOf, phone, SENDER, useSimulators } from './test-support/simulated-gateway.js';

const start = useSimulators();

describe('send', () => {
  it('sends one SMS and answers accepted with the uid; the record says pending, not delivered', async () => {
    const sim = await start();
    const outcome = await clientOf(sim).send({ to: phone(1), message: 'Your table is ready' });
    expect(outcome).toMatchObject({ outcome: 'accepted', status: 'Delivered' });
    if (outcome.outcome !== 'accepted') return;
    expect(outcome.uid).toMatch(/^[0-9a-f]{13}$/);
    expect(outcome.record).toMatchObject({
      uid: outcome.uid,
      to: phone(1),
      from: SENDER,
      message: 'Your table is ready',
      state: 'pending',
      direction: 'outbound',
      smsType: 'plain',
      smsCount: 1,
      cost: 1,
    });
    expect(sim.sentTo(phone(1))).toEqual([expect.objectContaining({ uid: outcome.uid, from: SENDER })]);
    expect(sim.stats().byOperation.send).toBe(1);
  });

  it('sends Urdu as unicode', async () => {
    const sim = await start();
    const outcome = await clientOf(sim).send({ to: phone(2), message: 'آپ کی میز تیار ہے' });
    expect(outcome).toMatchObject({ outcome: 'accepted', record: { smsType: 'unicode' } });
  });

  it('sends an image through the bulk endpoint, the only one that knows types', async () => {
    const sim = await start();
    const outcome = await clientOf(sim).send({ to: phone(3), message: 'https://example.com/menu.png', type: 'image' });
    expect(outcome).toMatchObject({ outcome: 'accepted', record: { smsType: 'mms' } });
    expect(sim.stats().byOperation).toMatchObject({ bulk: 1 });
    expect(sim.sentTo(phone(3))).toHaveLength(1);
  });

  it.each([
    ['a number with +', { to: '+923001234567', message: 'hi' }, '+923001234567'],
    ['a short number', { to: '12345', message: 'hi' }, '12345'],
    ['letters', { to: 'cafe', message: 'hi' }, 'cafe'],
    ['an empty message', { to: '923001234567', message: '  ' }, '923001234567'],
    ['an unknown type', { to: '923001234567', message: 'hi', type: 'video' as never }, 'video'],
  ])('rejects %s without calling the gateway', async (_name, sms, input) => {
    const sim = await start();
    const outcome = await clientOf(sim).send(sms);
    expect(outcome).toMatchObject({ outcome: 'rejected', error: { code: 'invalid_input', input } });
    if (outcome.outcome === 'rejected') expect(outcome.error.message).toContain(input.trim() === '' ? sms.to : input);
    expect(sim.stats().requests).toBe(0);
  });
});

describe('sendBatch', () => {
  it('refuses more than 50 items as a programming error', async () => {
    const sim = await start();
    const items = Array.from({ length: 51 }, (_, i) => ({ to: phone(i), message: `m${i}` }));
    await expect(clientOf(sim).sendBatch(items)).rejects.toMatchObject({ code: 'invalid_input', input: '51' });
    expect(sim.stats().requests).toBe(0);
  });

  it('answers nothing for no items, without a call', async () => {
    const sim = await start();
    expect(await clientOf(sim).sendBatch([])).toEqual([]);
    expect(sim.stats().requests).toBe(0);
  });

  it('rejects a bad item on its own and sends the rest in one call', async () => {
    const sim = await start();
    const outcomes = await clientOf(sim).sendBatch([
      { to: phone(1), message: 'one' },
      { to: '0300-1234567', message: 'bad' },
      { to: phone(2), message: 'two' },
    ]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(outcomes[1]).toMatchObject({ error: { code: 'invalid_input', input: '0300-1234567' } });
    expect(sim.stats().byOperation.bulk).toBe(1);
    expect(sim.outbound()).toHaveLength(2);
  });
});
