import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { measureSms } from '../sms/index.js';
import { openTempStore, type TempStore } from '../store/test-support/temp-store.js';
import { createCampaign, previewCampaign, previewTemplate } from './index.js';
import { OPT_OUT, optOut, seedContacts, testClock } from './test-support/fixtures.js';

let store: TempStore;
const clock = testClock();
const URDU_OPT_OUT = 'STOP بھیجیں';

beforeEach(async () => {
  store = await openTempStore();
});
afterEach(async () => {
  await store.dispose();
});

async function campaign(template: string, extra: { tags?: string[]; transactional?: boolean; optOutText?: string } = {}) {
  const { optOutText = OPT_OUT, ...rest } = extra;
  return (
    await createCampaign(
      store.db,
      { name: 'Winter', template, ...rest },
      { optOutText, now: clock.now, defaultCountry: 'PK', maxSegments: 10 },
    )
  ).id;
}

describe('previewCampaign', () => {
  it('counts recipients and exclusions and shows samples with the opt-out line', async () => {
    const ids = await seedContacts(store.db, 8, (i) => (i <= 6 ? { fields: { coupon: `C${i}` } } : {}));
    await optOut(store.db, [ids[0] ?? 0]);
    const id = await campaign('Hi {{first_name}}, use {{coupon}} today');
    // Contacts 7 and 8 have no coupon: "Hi Customer, use today" is still a message.
    const preview = await previewCampaign(store.db, id, { defaultCountry: 'PK', maxSegments: 10, sample: 2 });
    expect(preview.campaign.id).toBe(id);
    expect(preview.recipients).toBe(7);
    expect(preview.excluded).toEqual({ optedOut: 1, invalidPhone: 0, emptyMessage: 0, invalidImageUrl: 0, tooLong: 0 });
    expect(preview.samples).toHaveLength(2);
    const body = `Hi Customer, use C2 today\n${OPT_OUT}`;
    expect(preview.samples[0]).toEqual({
      contactId: ids[1],
      phone: '923001000002',
      name: 'Customer 2',
      body,
      encoding: 'GSM-7',
      segments: measureSms(body).segments,
      characters: measureSms(body).characters,
    });
    expect(preview.byEncoding).toEqual({ 'GSM-7': 7, 'UCS-2': 0 });
    expect(preview.segments).toEqual({ total: 7, max: 1 });
  });

  it('streams the audience page by page with the same result', async () => {
    await seedContacts(store.db, 25);
    const id = await campaign('Hello {{name}}');
    const whole = await previewCampaign(store.db, id, { defaultCountry: 'PK', maxSegments: 10 });
    const paged = await previewCampaign(store.db, id, { defaultCountry: 'PK', maxSegments: 10, pageSize: 4 });
    expect(paged).toEqual(whole);
    expect(whole.recipients).toBe(25);
    expect(whole.samples).toHaveLength(5);
  });

  it('counts encodings and segments: an Urdu opt-out line makes every message UCS-2', async () => {
    await seedContacts(store.db, 3);
    const id = await campaign('Hi {{name}}! ' + 'Our winter menu has arrived. '.repeat(2), { optOutText: URDU_OPT_OUT });
    const preview = await previewCampaign(store.db, id, { defaultCountry: 'PK', maxSegments: 10 });
    expect(preview.byEncoding).toEqual({ 'GSM-7': 0, 'UCS-2': 3 });
    expect(preview.segments).toEqual({ total: 3 * 2, max: 2 });
    expect(preview.samples[0]?.body.endsWith(`\n${URDU_OPT_OUT}`)).toBe(true);
  });

  it('shows transactional messages without an opt-out line', async () => {
    await seedContacts(store.db, 1);
    const id = await campaign('Your order is ready', { transactional: true });
    const preview = await previewCampaign(store.db, id, { defaultCountry: 'PK', maxSegments: 10 });
    expect(preview.samples[0]?.body).toBe('Your order is ready');
  });

  it('counts empty messages and stored numbers that do not read as phone numbers', async () => {
    await seedContacts(store.db, 3, (i) => (i === 1 ? { fields: { coupon: 'X' } } : {}));
    await store.db.updateTable('contacts').set({ phone: '0300-12' }).where('phone', '=', '923001000003').execute();
    const id = await campaign('{{coupon}}');
    const preview = await previewCampaign(store.db, id, { defaultCountry: 'PK', maxSegments: 10 });
    expect(preview.recipients).toBe(1);
    expect(preview.excluded).toMatchObject({ emptyMessage: 1, invalidPhone: 1 });
  });

  it('answers not_found for an unknown campaign', async () => {
    await expect(previewCampaign(store.db, 42, { defaultCountry: 'PK', maxSegments: 10 })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('previewTemplate', () => {
  it('previews without storing, over the tagged audience', async () => {
    await seedContacts(store.db, 4, (i) => ({ tags: i % 2 === 0 ? ['vip'] : [] }));
    const preview = await previewTemplate(
      store.db,
      { template: 'Hi {{name}}', tags: ['VIP'] },
      { optOutText: OPT_OUT, defaultCountry: 'PK', maxSegments: 10, sample: 1 },
    );
    expect(preview.recipients).toBe(2);
    expect(preview.samples.map((s) => s.body)).toEqual([`Hi Customer 2\n${OPT_OUT}`]);
    expect(await store.db.selectFrom('campaigns').selectAll().execute()).toEqual([]);
  });

  it('shows the message for one real contact, even one who opted out', async () => {
    const ids = await seedContacts(store.db, 3);
    await optOut(store.db, [ids[2] ?? 0]);
    const deps = { optOutText: OPT_OUT, defaultCountry: 'PK', maxSegments: 10 };
    const preview = await previewTemplate(store.db, { template: 'Hi {{first_name|friend}}', contactId: ids[2] ?? 0 }, deps);
    expect(preview.recipients).toBe(2);
    expect(preview.samples).toEqual([
      expect.objectContaining({ contactId: ids[2], body: `Hi Customer\n${OPT_OUT}`, excluded: 'optedOut' }),
    ]);
    const empty = await previewTemplate(store.db, { template: '{{name}}', contactId: ids[0] ?? 0, transactional: true }, deps);
    expect(empty.samples[0]?.body).toBe('Customer 1');
  });

  it('says why a contact would get nothing', async () => {
    const ids = await seedContacts(store.db, 1, () => ({ fields: { coupon: '' } }));
    await seedContacts(store.db, 2, (i) => (i === 2 ? { fields: { coupon: 'Y' } } : {}));
    const preview = await previewTemplate(
      store.db,
      { template: '{{coupon}}', contactId: ids[0] ?? 0 },
      { optOutText: OPT_OUT, defaultCountry: 'PK', maxSegments: 10 },
    );
    expect(preview.samples[0]).toMatchObject({ body: '', segments: 0, excluded: 'emptyMessage' });
  });

  it('refuses an unknown placeholder and an unknown contact', async () => {
    await seedContacts(store.db, 1);
    const deps = { optOutText: OPT_OUT, defaultCountry: 'PK', maxSegments: 10 };
    await expect(previewTemplate(store.db, { template: 'Hi {{nmae}}' }, deps)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('{{nmae}}'),
    });
    const missing = await previewTemplate(store.db, { template: 'Hi', contactId: 999 }, deps).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(CafeError);
    expect((missing as CafeError).code).toBe('not_found');
  });

  it('previews image campaigns as the URL alone and excludes contacts whose URL is broken', async () => {
    await seedContacts(store.db, 2, (i) => ({ fields: { card_url: i === 1 ? 'https://cafe.example/a.png' : 'not a url' } }));
    const preview = await previewTemplate(
      store.db,
      { template: '{{card_url}}', type: 'image' },
      { optOutText: OPT_OUT, defaultCountry: 'PK', maxSegments: 10 },
    );
    expect(preview.recipients).toBe(1);
    expect(preview.excluded.invalidImageUrl).toBe(1);
    expect(preview.samples[0]?.body).toBe('https://cafe.example/a.png');
  });
});
