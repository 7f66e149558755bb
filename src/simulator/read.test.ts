import { describe, expect, it } from 'vitest';
import { bulkItem, call, fakeClock, sendBulk, sendOne, SENDER, simulators } from './test-support/http.js';

const start = simulators();

describe('GET sms/{uid} and delivery', () => {
  it.each([
    ['923001234561', 'Delivered'],
    ['923001234560', 'Undelivered'],
    ['923001234569', 'Expired'],
  ])('shows %s Enroute until the delivery delay has passed, then %s', async (phone, final) => {
    const clock = fakeClock();
    const sim = await start({ now: clock.now, deliveryDelayMs: 5000 });
    const sent = (await sendOne(sim, phone)).json.data;
    expect(sent.status).toBe('Delivered');

    const enroute = await call(sim, `sms/${sent.uid}`);
    expect(enroute.json).toMatchObject({ status: 'success', data: { uid: sent.uid, status: 'Enroute', updated_at: sent.created_at } });

    clock.advance(4999);
    expect((await call(sim, `sms/${sent.uid}`)).json.data.status).toBe('Enroute');
    clock.advance(1);
    const settled = (await call(sim, `sms/${sent.uid}`)).json.data;
    expect(settled.status).toBe(final);
    expect(settled.updated_at).toBe(new Date(Date.parse(sent.created_at) + 5000).toISOString());
    expect(sim.sentTo(phone)[0]?.status).toBe(final);
  });

  it('keeps the delay in force when a message was accepted', async () => {
    const clock = fakeClock();
    const sim = await start({ now: clock.now, deliveryDelayMs: 1000 });
    const sent = (await sendOne(sim, '923001234561')).json.data;
    sim.setOptions({ deliveryDelayMs: 60_000 });
    clock.advance(1000);
    expect((await call(sim, `sms/${sent.uid}`)).json.data.status).toBe('Delivered');
  });

  it('answers "SMS Info not found" with HTTP 200 for an unknown uid', async () => {
    const sim = await start();
    const answer = await call(sim, 'sms/606812e63f78b');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: 'error', message: 'SMS Info not found', data: null });
  });

  it('stamps records with the injected clock', async () => {
    const clock = fakeClock(Date.parse('2025-01-02T03:04:05.678Z'));
    const sim = await start({ now: clock.now });
    expect((await sendOne(sim, '923001234567')).json.data.created_at).toBe('2025-01-02T03:04:05.678Z');
  });
});

describe('GET sms (the list)', () => {
  it('pages newest first with Laravel paginator fields and absolute page URLs', async () => {
    const sim = await start({ perPage: 2 });
    for (const n of [1, 2, 3, 4, 5]) await sendOne(sim, `92300123456${n}`, `message ${n}`);
    const first = (await call(sim, 'sms')).json;
    expect(first.status).toBe('success');
    const page = first.data;
    const listUrl = `${sim.url}sms`;
    expect(page).toMatchObject({
      current_page: 1,
      first_page_url: `${listUrl}?page=1`,
      from: 1,
      to: 2,
      last_page: 3,
      last_page_url: `${listUrl}?page=3`,
      next_page_url: `${listUrl}?page=2`,
      prev_page_url: null,
      path: listUrl,
      per_page: 2,
      total: 5,
    });
    expect(page.data.map((r: { message: string }) => r.message)).toEqual(['message 5', 'message 4']);
    expect(page.links.map((l: { label: string }) => l.label)).toEqual(['&laquo; Previous', '1', '2', '3', 'Next &raquo;']);
    expect(page.links[1]).toEqual({ url: `${listUrl}?page=1`, label: '1', active: true });

    const next = await fetch(page.next_page_url, { headers: { authorization: `Bearer ${sim.token}`, accept: 'application/json' } });
    const second = ((await next.json()) as { data: { data: { message: string }[]; prev_page_url: string } }).data;
    expect(second.data.map((r) => r.message)).toEqual(['message 3', 'message 2']);
    expect(second.prev_page_url).toBe(`${listUrl}?page=1`);

    const last = (await call(sim, 'sms?page=3')).json.data;
    expect(last).toMatchObject({ from: 5, to: 5, next_page_url: null });
    expect(last.data.map((r: { message: string }) => r.message)).toEqual(['message 1']);
  });

  it('answers an empty page beyond the last one', async () => {
    const sim = await start();
    await sendOne(sim, '923001234567');
    const page = (await call(sim, 'sms?page=9')).json.data;
    expect(page).toMatchObject({ current_page: 9, data: [], from: null, to: null, total: 1, last_page: 1, next_page_url: null });
  });

  it('answers an empty first page when nothing is stored', async () => {
    const sim = await start();
    expect((await call(sim, 'sms/')).json.data).toMatchObject({ data: [], total: 0, last_page: 1, from: null });
  });

  it('keeps links short when there are many pages', async () => {
    const sim = await start({ perPage: 1 });
    for (let i = 0; i < 30; i++) await sendOne(sim, '923001234567', `m${i}`);
    const links = (await call(sim, 'sms?page=15')).json.data.links.map((l: { label: string }) => l.label);
    expect(links).toEqual([
      '&laquo; Previous',
      '1',
      '2',
      '...',
      '12',
      '13',
      '14',
      '15',
      '16',
      '17',
      '18',
      '...',
      '29',
      '30',
      'Next &raquo;',
    ]);
  });

  it.each([
    ['abc', 'The page must be an integer.'],
    ['1.5', 'The page must be an integer.'],
    ['0', 'The page must be at least 1.'],
    ['-2', 'The page must be at least 1.'],
  ])('answers a validation error for page=%s', async (page, message) => {
    const sim = await start();
    const answer = await call(sim, `sms?page=${page}`);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: 'error', message, data: null });
  });

  it('answers a validation error for a repeated page parameter', async () => {
    const sim = await start();
    expect((await call(sim, 'sms?page=1&page=2')).json.message).toBe('The page must be an integer.');
  });

  it('lists inbound messages beside outbound ones, with send_by "to"', async () => {
    const clock = fakeClock();
    const sim = await start({ now: clock.now });
    await sendOne(sim, '923001234567', 'Your order is ready');
    clock.advance(1000);
    const inbound = sim.injectInbound({ from: '+923001234567', message: 'STOP' });
    expect(inbound).toMatchObject({
      from: '923001234567',
      to: SENDER,
      message: 'STOP',
      send_by: 'to',
      status: 'Delivered',
      sms_type: 'plain',
      cost: '0.00',
    });
    expect(inbound.uid).toMatch(/^[0-9a-f]{13}$/);
    const records = (await call(sim, 'sms')).json.data.data;
    expect(records.map((r: { send_by: string }) => r.send_by)).toEqual(['to', 'from']);
    expect(records[0]).toEqual(inbound);
    expect((await call(sim, `sms/${inbound.uid}`)).json.data).toEqual(inbound);
    expect(sim.outbound()).toHaveLength(1);
    expect(sim.sentTo('923001234567')).toHaveLength(1);
  });

  it('refuses an inbound message without a usable number or text', async () => {
    const sim = await start();
    expect(() => sim.injectInbound({ from: '0300-1234567', message: 'hi' })).toThrow(/Inbound "from" must be/);
    expect(() => sim.injectInbound({ from: '923001234567', message: '' })).toThrow(/Inbound "message"/);
    expect(sim.records()).toHaveLength(0);
  });

  it('shows bulk messages as stored, oldest first in records()', async () => {
    const sim = await start();
    await sendBulk(sim, [bulkItem(923001000001, 'a'), bulkItem(923001000002, 'b')]);
    expect(sim.records().map((r) => r.message)).toEqual(['a', 'b']);
    expect((await call(sim, 'sms')).json.data.data.map((r: { message: string }) => r.message)).toEqual(['b', 'a']);
  });
});

describe('unknown paths', () => {
  it.each(['nope', 'sms/send/extra', '/other'])('answers %s with a JSON 404', async (path) => {
    const sim = await start();
    const answer = await call(sim, path);
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ status: 'error', message: 'Not found.', data: null });
  });

  it('accepts the trailing-slash forms of every call', async () => {
    const sim = await start();
    const sent = await call(sim, 'sms/send/', { body: { recipient: '923001234567', sender_id: SENDER, message: 'hi' } });
    expect(sent.json.status).toBe('success');
    expect((await call(sim, 'sms/send-bulk-messages/', { body: [bulkItem(923001000001)] })).json.status).toBe('success');
    expect((await call(sim, `sms/${sent.json.data.uid}/`)).json.data.uid).toBe(sent.json.data.uid);
    expect((await call(sim, 'sms/')).json.data.total).toBe(2);
  });
});
