import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type SignedIn, type TestApp } from './test-support/test-app.js';

let test: TestApp;
let admin: SignedIn;

beforeEach(async () => {
  test = await createTestApp();
  admin = await test.signIn();
});

afterEach(async () => {
  await test.close();
});

const post = (url: string, payload?: unknown) =>
  test.app.inject({ method: 'POST', url, headers: admin.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const get = (url: string) => test.app.inject({ method: 'GET', url, headers: admin.headers });
const patch = (url: string, payload: unknown) =>
  test.app.inject({ method: 'PATCH', url, headers: admin.headers, payload: payload as object });
const del = (url: string) => test.app.inject({ method: 'DELETE', url, headers: admin.headers });

async function addContact(payload: Record<string, unknown>): Promise<{ id: number; phone: string }> {
  const response = await post('/api/contacts', payload);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('contacts CRUD', () => {
  it('creates a contact with a normalised phone and answers the contract shape', async () => {
    const response = await post('/api/contacts', {
      phone: '0300-1234567',
      name: ' Ayesha  Khan ',
      tags: ['VIP', ' lunch '],
      fields: { city: 'Lahore' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      id: 1,
      phone: '923001234567',
      name: 'Ayesha Khan',
      tags: ['lunch', 'vip'],
      fields: { city: 'Lahore' },
      optedOut: false,
      optedOutAt: null,
      optOutReason: null,
      createdAt: test.clock.now().toISOString(),
      updatedAt: test.clock.now().toISOString(),
    });
  });

  it('answers 409 for a phone that already exists, in any spelling', async () => {
    await addContact({ phone: '03001234567' });
    const response = await post('/api/contacts', { phone: '+92 300 1234567' });
    expect(response.statusCode).toBe(409);
    expect(errorOf(response)).toMatchObject({ code: 'conflict', field: 'phone' });
  });

  it('names the contact who has the number by name, and the number as staff write it (no id, no prefix)', async () => {
    await addContact({ phone: '03002468135', name: 'Ayesha' });
    const named = errorOf(await post('/api/contacts', { phone: '+92 300 2468135' }));
    expect(named).toMatchObject({
      code: 'conflict',
      field: 'phone',
      message: 'Ayesha already has the number 0300-2468135; change that contact instead',
    });
    await addContact({ phone: '03001112223' });
    const unnamed = errorOf(await post('/api/contacts', { phone: '923001112223' }));
    expect(unnamed.message).toBe('Another contact already has the number 0300-1112223; change that contact instead');
  });

  it('names the field of every invalid input', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'phone'],
      [{ phone: '12' }, 'phone'],
      [{ phone: 300 }, 'phone'],
      [{ phone: '03001234567', name: 'x'.repeat(101) }, 'name'],
      [{ phone: '03001234567', tags: 'vip' }, 'tags'],
      [{ phone: '03001234567', tags: [''] }, 'tags.0'],
      [{ phone: '03001234567', fields: { 'Bad Key': 'x' } }, 'fields.Bad Key'],
      // The export's own columns: a field of that name would not import back as it was.
      [{ phone: '03001234567', fields: { phone: '0300-0000000' } }, 'fields.phone'],
      [{ phone: '03001234567', fields: { first_name: 'Eve' } }, 'fields.first_name'],
      [{ phone: '03001234567', fields: { opted_out_at: 'x' } }, 'fields.opted_out_at'],
      [{ phone: '03001234567', nickname: 'x' }, 'nickname'],
    ];
    for (const [payload, field] of cases) {
      const response = await post('/api/contacts', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(errorOf(response).field, JSON.stringify(payload)).toBe(field);
      // The field is named in `field`; the message, shown next to it, does not repeat its internal name.
      expect(errorOf(response).message.startsWith(`${field}:`), JSON.stringify(payload)).toBe(false);
    }
    expect(errorOf(await post('/api/contacts', { phone: '12' })).message).toMatch(/"12" is not a valid phone number/);
  });

  it('reads, patches (tags replaced, fields merged, name cleared) and deletes', async () => {
    const { id } = await addContact({
      phone: '03001234567',
      name: 'Ali',
      tags: ['vip', 'lunch'],
      fields: { city: 'Lahore', dish: 'Biryani' },
    });
    expect((await get(`/api/contacts/${id}`)).json()).toMatchObject({ id, name: 'Ali' });

    test.clock.advance(1000);
    const patched = await patch(`/api/contacts/${id}`, { name: null, tags: ['Dinner', 'vip'], fields: { dish: null, table: '7' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ name: null, tags: ['dinner', 'vip'], fields: { city: 'Lahore', table: '7' } });
    expect(patched.json().fields).not.toHaveProperty('dish');
    expect(patched.json().updatedAt).toBe(test.clock.now().toISOString());

    expect((await patch(`/api/contacts/${id}`, { name: 'Ali Raza' })).json()).toMatchObject({ name: 'Ali Raza', tags: ['dinner', 'vip'] });

    expect((await del(`/api/contacts/${id}`)).statusCode).toBe(204);
    expect((await get(`/api/contacts/${id}`)).statusCode).toBe(404);
    expect((await del(`/api/contacts/${id}`)).statusCode).toBe(404);
  });

  it('answers 404 for an unknown id and 400 for an id that is not a number', async () => {
    expect(errorOf(await get('/api/contacts/999'))).toMatchObject({ statusCode: 404, code: 'not_found' });
    expect(errorOf(await get('/api/contacts/abc'))).toMatchObject({ statusCode: 400, field: 'id' });
    expect(errorOf(await patch('/api/contacts/999', { name: 'x' }))).toMatchObject({ statusCode: 404 });
    expect(errorOf(await patch('/api/contacts/0', { name: 'x' }))).toMatchObject({ statusCode: 400, field: 'id' });
    expect(errorOf(await patch('/api/contacts/1', { tags: [1] }))).toMatchObject({ statusCode: 400, field: 'tags.0' });
  });

  it('opts a contact out with a reason and back in, recording consent events with source dashboard', async () => {
    const { id } = await addContact({ phone: '03001234567' });
    const out = await post(`/api/contacts/${id}/opt-out`, { reason: 'asked at the counter' });
    expect(out.json()).toMatchObject({ optedOut: true, optOutReason: 'asked at the counter', optedOutAt: test.clock.now().toISOString() });
    const back = await post(`/api/contacts/${id}/opt-in`, { reason: 'asked again by phone' });
    expect(back.json()).toMatchObject({ optedOut: false, optedOutAt: null });
    const events = await test.store.db.selectFrom('consent_events').select(['change', 'source']).orderBy('id').execute();
    expect(events).toEqual([
      { change: 'opt_out', source: 'dashboard' },
      { change: 'opt_in', source: 'dashboard' },
    ]);
    expect((await post('/api/contacts/999/opt-out', {})).statusCode).toBe(404);
    expect(errorOf(await post(`/api/contacts/${id}/opt-out`, { reason: 5 }))).toMatchObject({ statusCode: 400, field: 'reason' });
  });
});

describe('listing', () => {
  beforeEach(async () => {
    await addContact({ phone: '03001111111', name: 'Ayesha', tags: ['vip'] });
    await addContact({ phone: '03002222222', name: 'Bilal', tags: ['lunch'] });
    const { id } = await addContact({ phone: '03003333333', name: 'Sana', tags: ['vip', 'lunch'] });
    await post(`/api/contacts/${id}/opt-out`, {});
  });

  it('filters by search, tags (any of) and opt-out state, and pages with a total', async () => {
    const names = async (query: string) => {
      const body = (await get(`/api/contacts?${query}`)).json();
      return { names: body.items.map((c: { name: string }) => c.name), total: body.total };
    };
    expect(await names('')).toEqual({ names: ['Ayesha', 'Bilal', 'Sana'], total: 3 });
    expect(await names('search=bil')).toEqual({ names: ['Bilal'], total: 1 });
    expect(await names('search=0300-222')).toEqual({ names: ['Bilal'], total: 1 });
    expect(await names('tag=vip')).toEqual({ names: ['Ayesha', 'Sana'], total: 2 });
    expect(await names('tag=vip&tag=lunch')).toEqual({ names: ['Ayesha', 'Bilal', 'Sana'], total: 3 });
    expect(await names('optedOut=true')).toEqual({ names: ['Sana'], total: 1 });
    expect(await names('optedOut=false&tag=lunch')).toEqual({ names: ['Bilal'], total: 1 });
    expect(await names('limit=1&offset=1')).toEqual({ names: ['Bilal'], total: 3 });
  });

  it('refuses bad query parameters, naming them', async () => {
    expect(errorOf(await get('/api/contacts?limit=0'))).toMatchObject({ statusCode: 400, field: 'limit' });
    expect(errorOf(await get('/api/contacts?limit=100000'))).toMatchObject({ statusCode: 400, field: 'limit' });
    expect(errorOf(await get('/api/contacts?offset=-1'))).toMatchObject({ statusCode: 400, field: 'offset' });
    expect(errorOf(await get('/api/contacts?optedOut=yes'))).toMatchObject({
      statusCode: 400,
      field: 'optedOut',
      message: 'Must be true or false',
    });
    // A tag filter that can match nothing is a mistake, not "every contact".
    expect(errorOf(await get('/api/contacts?tag='))).toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/^A tag must not be empty/),
    });
    expect(errorOf(await get(`/api/contacts/export?tag=${'x'.repeat(51)}`))).toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/at most 50 characters/),
    });
  });

  it('lists tags with counts', async () => {
    expect((await get('/api/tags')).json()).toEqual([
      { tag: 'lunch', count: 2 },
      { tag: 'vip', count: 2 },
    ]);
  });

  it('exports CSV with the opt-out state', async () => {
    const response = await get('/api/contacts/export');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toContain('contacts.csv');
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('phone,name,tags,opted_out,opted_out_at');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^923003333333,Sana,lunch;vip,yes,/);
    const vip = (await get('/api/contacts/export?tag=vip')).body.trim().split('\n');
    expect(vip).toHaveLength(3);
  });
});

describe('import', () => {
  const importCsv = (csv: string, query = '', contentType = 'text/csv') =>
    test.app.inject({
      method: 'POST',
      url: `/api/contacts/import${query}`,
      headers: { ...admin.headers, 'content-type': contentType },
      payload: csv,
    });

  it('imports, updates and merges, and reports every rejected row with its line number', async () => {
    await addContact({ phone: '03005555555', name: 'Old name' });
    const csv = [
      'Mobile Number,Full Name,Tags,City',
      '0300-1111111,Ayesha,vip,Lahore',
      'not a phone,Nobody,,',
      '"0300 2222222","Bilal',
      'second line of a quoted name",lunch,Karachi',
      ',Missing phone,,',
      '0300-5555555,New name,,',
      '+923001111111,,dinner,',
    ].join('\n');
    const response = await importCsv(csv, '?tag=imported');
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json();
    expect(result).toMatchObject({ imported: 2, updated: 1, merged: 1, total: 6 });
    expect(result.rejected.map((r: { line: number }) => r.line)).toEqual([3, 6]);
    expect(result.rejected[0]).toMatchObject({ line: 3, input: 'not a phone' });
    expect(result.rejected[0].reason).toMatch(/not a valid phone number/);

    const ayesha = (await get('/api/contacts?search=ayesha')).json().items[0];
    expect(ayesha).toMatchObject({ phone: '923001111111', tags: ['dinner', 'imported', 'vip'], fields: { city: 'Lahore' } });
    expect((await get('/api/contacts?search=bilal')).json().items[0].name).toBe('Bilal second line of a quoted name');
    expect((await get('/api/contacts?search=0300-555')).json().items[0].name).toBe('New name');
  });

  it('holds the tags it adds to the rules of every other tag', async () => {
    const tooMany = Array.from({ length: 51 }, (_, i) => `tag=t${i}`).join('&');
    for (const query of ['?tag=', `?tag=${'x'.repeat(60)}`, `?${tooMany}`]) {
      const response = await importCsv('phone\n03001234567\n', query);
      expect(response.statusCode, query).toBe(400);
    }
    expect((await get('/api/contacts')).json().total).toBe(0);
  });

  it('answers the first 1,000 rejected rows of a file of bad rows, and counts them all', async () => {
    const csv = ['phone', ...Array.from({ length: 2500 }, (_, i) => `x${i}`)].join('\n');
    const response = await importCsv(csv);
    expect(response.statusCode).toBe(200);
    const result = response.json();
    expect(result).toMatchObject({ imported: 0, rejectedTotal: 2500, total: 2500 });
    expect(result.rejected).toHaveLength(1000);
    expect(result.rejected[999].line).toBe(1001);
  });

  it('refuses a file without a phone column, naming the headers found', async () => {
    const response = await importCsv('name,city\nAli,Lahore\n');
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('invalid_input');
    expect(errorOf(response).message).toMatch(/name, city|name,city|"name"/);
  });

  it('refuses a JSON body, saying to send text/csv', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/contacts/import',
      headers: admin.headers,
      payload: { phone: '0300' },
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toMatchObject({ field: 'body' });
    expect(errorOf(response).message).toMatch(/text\/csv/);
  });

  it('answers 413 for a body over the limit, before reading it when the length is declared', async () => {
    const big = `phone\n${'03001234567\n'.repeat(10)}`;
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/contacts/import',
      headers: { ...admin.headers, 'content-type': 'text/csv', 'content-length': String(60 * 1024 * 1024) },
      payload: big,
    });
    expect(response.statusCode).toBe(413);
    expect(errorOf(response).code).toBe('invalid_input');
  });

  it('answers 415 for a media type the API does not take', async () => {
    const response = await importCsv('phone\n03001234567\n', '', 'application/xml');
    expect(response.statusCode).toBe(415);
  });

  it('answers 409 for deleting a contact who opted out, and deletes it with forgetOptOut=true', async () => {
    const { id } = await addContact({ phone: '03001234567' });
    await post(`/api/contacts/${id}/opt-out`, {});
    expect(errorOf(await del(`/api/contacts/${id}`))).toMatchObject({
      statusCode: 409,
      code: 'conflict',
      message: expect.stringMatching(/opted out on .*forgetOptOut=true/),
    });
    expect((await get(`/api/contacts/${id}`)).statusCode).toBe(200);
    expect(errorOf(await del(`/api/contacts/${id}?forgetOptOut=maybe`))).toMatchObject({ statusCode: 400, field: 'forgetOptOut' });
    expect((await del(`/api/contacts/${id}?forgetOptOut=true`)).statusCode).toBe(204);
    expect((await get(`/api/contacts/${id}`)).statusCode).toBe(404);
  });
});
