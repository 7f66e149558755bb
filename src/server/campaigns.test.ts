import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type SignedIn, type TestApp } from './test-support/test-app.js';

let test: TestApp;
let admin: SignedIn;

beforeEach(async () => {
  test = await createTestApp({ env: { OPT_OUT_TEXT: 'Reply STOP to opt out' } });
  admin = await test.signIn();
  for (const [phone, name, tags] of [
    ['03001111111', 'Ayesha Khan', ['vip']],
    ['03002222222', 'Bilal', ['lunch']],
    ['03003333333', 'Sana', ['vip']],
  ] as const) {
    const response = await post('/api/contacts', { phone, name, tags });
    expect(response.statusCode).toBe(201);
  }
  await post('/api/contacts/3/opt-out', {});
});

afterEach(async () => {
  await test.close();
});

function post(url: string, payload?: unknown) {
  return test.app.inject({ method: 'POST', url, headers: admin.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
}
const get = (url: string) => test.app.inject({ method: 'GET', url, headers: admin.headers });

async function create(payload: Record<string, unknown> = {}) {
  const response = await post('/api/campaigns', {
    name: 'Lunch deal',
    template: 'Hi {{first_name}}, biryani is 20% off today',
    tags: ['vip'],
    ...payload,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('campaigns', () => {
  it('creates a draft and answers CampaignWithStats', async () => {
    const created = await create();
    expect(created.campaign).toMatchObject({
      id: 1,
      name: 'Lunch deal',
      type: 'text',
      purpose: 'promotional',
      audienceTags: ['vip'],
      optOutText: 'Reply STOP to opt out',
      state: 'draft',
      scheduledAt: null,
      createdAt: test.clock.now().toISOString(),
      startedAt: null,
      completedAt: null,
    });
    expect(created).toMatchObject({ total: 0, segments: 0, progress: 0, deliveredRate: null });
    expect(created.counts).toEqual({ queued: 0, sending: 0, unknown: 0, accepted: 0, delivered: 0, failed: 0, skipped: 0, cancelled: 0 });
    expect((await get('/api/campaigns')).json().items.map((c: { campaign: { id: number } }) => c.campaign.id)).toEqual([1]);
    expect((await get('/api/campaigns/1')).json().campaign.name).toBe('Lunch deal');
  });

  it('takes the opt-out line from the settings in force, and none for transactional campaigns', async () => {
    const put = await test.app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: admin.headers,
      payload: { optOutText: 'STOP bhejein' },
    });
    expect(put.statusCode).toBe(200);
    expect((await create()).campaign.optOutText).toBe('STOP bhejein');
    expect((await create({ transactional: true })).campaign).toMatchObject({ optOutText: null, purpose: 'transactional' });
  });

  it('refuses an unknown placeholder, naming it and the template field', async () => {
    const response = await post('/api/campaigns', { name: 'x', template: 'Hi {{nmae}}', tags: [] });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toMatchObject({ code: 'invalid_input', field: 'template' });
    expect(errorOf(response).message).toContain('{{nmae}}');
    expect(await test.store.db.selectFrom('campaigns').selectAll().execute()).toHaveLength(0);
  });

  it('names the field of every invalid input', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ template: 'Hi' }, 'name'],
      [{ name: 'x' }, 'template'],
      [{ name: 'x', template: '   ' }, 'template'],
      [{ name: 'x', template: 'Hi', type: 'video' }, 'type'],
      [{ name: 'x', template: 'Hi', tags: 'vip' }, 'tags'],
      [{ name: 'x', template: 'Hi', transactional: 'yes' }, 'transactional'],
      [{ name: 'x', template: 'Hi', scheduledAt: 'tomorrow' }, 'scheduledAt'],
      [{ name: 'x', template: 'Hi', scheduledAt: '2020-01-01T00:00:00Z' }, 'scheduledAt'],
      [{ name: 'x', template: 'not a url', type: 'image' }, 'template'],
    ];
    for (const [payload, field] of cases) {
      const response = await post('/api/campaigns', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(errorOf(response).field, `${JSON.stringify(payload)}: ${response.body}`).toBe(field);
    }
  });

  it('previews a draft: recipients, opted-out excluded, samples with the opt-out line', async () => {
    const preview = await post('/api/campaigns/preview', {
      template: 'Hi {{first_name}}',
      type: 'text',
      tags: ['vip'],
      transactional: false,
    });
    expect(preview.statusCode).toBe(200);
    const body = preview.json();
    expect(body).toMatchObject({
      recipients: 1,
      excluded: { optedOut: 1 },
      byEncoding: { 'GSM-7': 1, 'UCS-2': 0 },
      segments: { total: 1, max: 1 },
    });
    expect(body.samples).toEqual([
      expect.objectContaining({
        phone: '923001111111',
        name: 'Ayesha Khan',
        body: 'Hi Ayesha\nReply STOP to opt out',
        encoding: 'GSM-7',
        segments: 1,
      }),
    ]);
    const forContact = await post('/api/campaigns/preview', { template: 'Hi {{name}}', tags: [], transactional: true, contactId: 2 });
    expect(forContact.json().samples).toEqual([expect.objectContaining({ phone: '923002222222', body: 'Hi Bilal' })]);
    const unknown = await post('/api/campaigns/preview', { template: 'Hi {{nope}}', tags: [] });
    expect(errorOf(unknown)).toMatchObject({ statusCode: 400, field: 'template' });
    expect(errorOf(unknown).message).toContain('{{nope}}');
    expect(errorOf(await post('/api/campaigns/preview', { template: 'Hi', contactId: 'two' }))).toMatchObject({
      statusCode: 400,
      field: 'contactId',
    });
    expect((await post('/api/campaigns/preview', { template: 'Hi', contactId: 99 })).statusCode).toBe(404);
  });

  it('previews a stored campaign', async () => {
    await create({ tags: [] });
    const preview = await get('/api/campaigns/1/preview');
    expect(preview.json()).toMatchObject({ recipients: 2, excluded: { optedOut: 1 } });
    expect((await get('/api/campaigns/9/preview')).statusCode).toBe(404);
  });

  it('starts, pauses, resumes and cancels, with 409 for an illegal transition', async () => {
    await create();
    expect(errorOf(await post('/api/campaigns/1/pause'))).toMatchObject({ statusCode: 409, code: 'conflict' });
    expect(errorOf(await post('/api/campaigns/1/resume')).message).toMatch(/is draft, so it cannot be resumed/);

    // A JSON content type with no body at all is no body, not an error.
    const started = await test.app.inject({
      method: 'POST',
      url: '/api/campaigns/1/start',
      headers: { ...admin.headers, 'content-type': 'application/json' },
    });
    expect(started.statusCode).toBe(200);
    expect(started.json().campaign).toMatchObject({ state: 'running', startedAt: test.clock.now().toISOString() });
    expect((await post('/api/campaigns/1/start')).statusCode).toBe(409);
    expect((await post('/api/campaigns/1/pause')).json().campaign.state).toBe('paused');
    expect((await post('/api/campaigns/1/resume')).json().campaign.state).toBe('running');
    expect((await post('/api/campaigns/1/cancel')).json().campaign.state).toBe('cancelled');
    const again = await post('/api/campaigns/1/cancel');
    expect(errorOf(again)).toMatchObject({ statusCode: 409 });
    expect(errorOf(again).message).toMatch(/nothing more can be done/);
  });

  it('says until when quiet hours hold a promotional campaign, running or scheduled, and not a transactional one', async () => {
    // The test clock reads 10:00 in Karachi: quiet hours of 09:00-12:00 hold it until 12:00 (07:00 UTC).
    const put = await test.app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: admin.headers,
      payload: { quietHours: '09:00-12:00' },
    });
    expect(put.statusCode, put.body).toBe(200);
    await create();
    expect((await post('/api/campaigns/1/start')).json()).toMatchObject({
      campaign: { state: 'running' },
      quietHoursUntil: '2026-11-26T07:00:00.000Z',
    });
    expect((await get('/api/campaigns/1')).json().quietHoursUntil).toBe('2026-11-26T07:00:00.000Z');
    await create({ name: 'Order ready', transactional: true });
    expect((await post('/api/campaigns/2/start')).json().quietHoursUntil).toBeNull();
    await create({ name: 'Tomorrow 11:00' });
    const scheduled = await post('/api/campaigns/3/schedule', { at: '2026-11-27T06:00:00.000Z' });
    expect(scheduled.json().quietHoursUntil).toBe('2026-11-27T07:00:00.000Z');
    await test.app.inject({ method: 'PUT', url: '/api/settings', headers: admin.headers, payload: { quietHours: 'off' } });
    expect((await get('/api/campaigns/1')).json().quietHoursUntil).toBeNull();
  });

  it('schedules a draft for later, refusing a past time and a bad one', async () => {
    await create();
    const at = new Date(test.clock.now().getTime() + 3_600_000).toISOString();
    const scheduled = await post('/api/campaigns/1/schedule', { at });
    expect(scheduled.statusCode, scheduled.body).toBe(200);
    expect(scheduled.json().campaign).toMatchObject({ state: 'scheduled', scheduledAt: at });
    expect(errorOf(await post('/api/campaigns/1/schedule', { at: '2020-01-01T00:00:00Z' }))).toMatchObject({
      statusCode: 400,
      field: 'at',
    });
    expect(errorOf(await post('/api/campaigns/1/schedule', { at: 'soon' }))).toMatchObject({ statusCode: 400, field: 'at' });
    expect(errorOf(await post('/api/campaigns/1/schedule', {}))).toMatchObject({ statusCode: 400, field: 'at', message: 'Is required' });
    const future = new Date(test.clock.now().getTime() + 7_200_000).toISOString();
    const created = await post('/api/campaigns', { name: 'Later', template: 'Hi', tags: [], scheduledAt: future });
    expect(created.json().campaign).toMatchObject({ state: 'scheduled', scheduledAt: future });
  });

  it('answers 404 for an unknown campaign and 400 for a bad id', async () => {
    expect(errorOf(await get('/api/campaigns/42'))).toMatchObject({ statusCode: 404, code: 'not_found' });
    expect(errorOf(await post('/api/campaigns/42/start'))).toMatchObject({ statusCode: 404 });
    expect(errorOf(await get('/api/campaigns/x'))).toMatchObject({ statusCode: 400, field: 'id' });
    expect(errorOf(await post('/api/campaigns/1/start', { force: true }))).toMatchObject({ statusCode: 400, field: 'force' });
  });

  it('shows running and scheduled campaigns on the overview', async () => {
    await create();
    await create({ name: 'Other' });
    await post('/api/campaigns/1/start');
    const overview = (await get('/api/overview')).json();
    expect(overview).toMatchObject({
      mode: 'sandbox',
      senderId: 'Cafe de Revenue',
      today: { sent: 0, delivered: 0, failed: 0, pending: 0 },
      worker: null,
    });
    expect(overview.campaigns.map((c: { campaign: { id: number; state: string } }) => [c.campaign.id, c.campaign.state])).toEqual([
      [1, 'running'],
    ]);
  });
});
